package coach.eco.learners.mailing;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.policy.MailBatch;
import coach.eco.learners.policy.OnceEachDelivery;
import coach.eco.learners.profile.Profile;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * A purpose mailing's second half, run by the policy mail queue's sender: of a batch's learners, mails those
 * the mailing reaches as their profiles read now ({@link MailingAudience}: a "no" given after the fan-out
 * queued them holds), each at most once per mailing ({@link OnceEachDelivery}); or, before it is sent, counts
 * them for staff. Each mail carries its own
 * one-click unsubscribe from the mailing's purpose.
 */
@Singleton
public class MailingDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(MailingDelivery.class);
    private static final String KIND = "purpose-mailing";

    private final Mailings mailings;
    private final MailingStore store;
    private final MailingAudience audience;
    private final OneClickUnsubscribe unsubscribe;
    private final LinkMails links;
    private final OnceEachDelivery onceEach;

    public MailingDelivery(Mailings mailings, MailingStore store, MailingAudience audience,
                           OneClickUnsubscribe unsubscribe, LinkMails links, OnceEachDelivery onceEach) {
        this.mailings = mailings;
        this.store = store;
        this.audience = audience;
        this.unsubscribe = unsubscribe;
        this.links = links;
        this.onceEach = onceEach;
    }

    /**
     * Mails the batch, or for a count, records how many of its learners the mailing reaches; returns the learners
     * still to be mailed, for the queue to hand back.
     */
    public List<String> deliver(MailBatch batch) {
        // A message anyone with SendMessage on the queue could write: only a mailing a publisher sent goes out.
        Mailing mailing = mailings.find(batch.mailingId())
                .filter(found -> batch.countOnly() || found.sendingRequested()).orElse(null);
        ConsentPurpose purpose = mailing == null ? null : mailings.purposeOf(mailing).orElse(null);
        if (purpose == null) {
            LOG.warn("mailing batch for an unknown or unsent mailing mailingId={}", batch.mailingId());
            return List.of();
        }
        MailingAudience.Among among = audience.among(batch.profileIds(), mailing.purposeId());
        if (batch.countOnly()) {
            store.counted(mailing.mailingId(), batch.countBatch(), among.reached().size());
            return List.of();
        }
        onceEach.parked(among.unreadable(), KIND, mailing.mailingId());
        return onceEach.deliver(batch.profileIds(), among.reached(),
                profile -> LookupTable.mailingDeliveryKey(mailing.mailingId(), profile.profileId()),
                profile -> send(mailing, purpose, profile), KIND, mailing.mailingId());
    }

    /** One learner's mail, with its unsubscribe link, whose token is discarded if the mail fails. */
    private void send(Mailing mailing, ConsentPurpose purpose, Profile profile) {
        OneClickUnsubscribe.HeaderLink unsubscribeLink = unsubscribe.headerLink(profile.profileId(),
                purpose.purposeId());
        links.mail(profile.email(), MailTemplate.PURPOSE_MAILING, Map.of("fullName", profile.fullName().value(),
                        "subjectVi", mailing.subjectVi(), "subjectEn", mailing.subjectEn(),
                        "bodyVi", mailing.bodyVi(), "bodyEn", mailing.bodyEn(),
                        "purposeNameVi", purpose.nameVi(), "purposeNameEn", purpose.nameEn(),
                        "signInUrl", links.page("/sign-in")))
                .headers(unsubscribeLink.fields(), unsubscribeLink.token()).saveTokens().send();
    }
}
