package coach.eco.learners.mailing;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import coach.eco.learners.policy.DeliveryRecords;
import coach.eco.learners.policy.MailBatch;
import coach.eco.learners.policy.PolicyMailConfiguration;
import coach.eco.learners.policy.SendPace;
import coach.eco.learners.profile.Profile;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ses.model.SesException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A purpose mailing's second half, run by the policy mail queue's sender: of a batch's learners, mails those
 * the mailing reaches as their profiles read now ({@link MailingAudience}: a "no" given after the fan-out
 * queued them holds), each at most once per mailing (a delivery record claimed before the send, as for a
 * policy version), at the policy mailing's pace. Each mail carries its own one-click unsubscribe from the
 * mailing's purpose.
 */
@Singleton
public class MailingDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(MailingDelivery.class);

    private final Mailings mailings;
    private final MailingAudience audience;
    private final OneClickUnsubscribe unsubscribe;
    private final LinkMails links;
    private final DeliveryRecords records;
    private final SendPace pace;
    private final Metrics metrics;

    public MailingDelivery(Mailings mailings, MailingAudience audience, OneClickUnsubscribe unsubscribe, LinkMails links, DeliveryRecords records, PolicyMailConfiguration mailConfig,
                           Metrics metrics) {
        this.mailings = mailings;
        this.audience = audience;
        this.unsubscribe = unsubscribe;
        this.links = links;
        this.records = records;
        this.pace = new SendPace(mailConfig.getPolicyMailsPerSecond());
        this.metrics = metrics;
    }

    /** Mails the batch; returns the learners still to be mailed, for the queue to hand back. */
    public List<String> deliver(MailBatch batch) {
        // A message anyone with SendMessage on the queue could write: only a mailing a publisher sent goes out.
        Mailing mailing = mailings.find(batch.mailingId()).filter(Mailing::sendingRequested).orElse(null);
        ConsentPurpose purpose = mailing == null ? null : mailings.purposeOf(mailing).orElse(null);
        if (purpose == null) {
            LOG.warn("mailing batch for an unknown or unsent mailing mailingId={}", batch.mailingId());
            return List.of();
        }
        MailingAudience.Among among = audience.among(batch.profileIds(), mailing.purposeId());
        // A profile that fails its integrity check is skipped, not retried: no try can read it.
        among.unreadable().forEach(profileId -> {
            LOG.error("mail parked kind=purpose-mailing profileId={} mailingId={} reason=integrity-failure", profileId,
                    mailing.mailingId());
            metrics.count(Metric.MAIL_PARKED);
        });
        List<String> left = new ArrayList<>();
        for (int i = 0; i < batch.profileIds().size(); i++) {
            Profile profile = among.reached().get(batch.profileIds().get(i));
            if (profile == null) {
                continue;
            }
            AttributeValue key = LookupTable.mailingDeliveryKey(mailing.mailingId(), profile.profileId());
            if (records.claim(key, profile.profileId()) == DeliveryRecords.Claim.TAKEN) {
                continue;
            }
            OneClickUnsubscribe.HeaderLink unsubscribeLink = unsubscribe.headerLink(profile.profileId(),
                    purpose.purposeId());
            pace.await();
            try {
                links.mail(profile.email(), MailTemplate.PURPOSE_MAILING, values(mailing, purpose, profile))
                        .headers(unsubscribeLink.fields(), unsubscribeLink.token()).saveTokens().send();
            } catch (SdkException e) {
                records.failed(key);
                LOG.warn("mailing not sent profileId={} mailingId={} error={}", profile.profileId(),
                        mailing.mailingId(), e.getClass().getName());
                left.add(profile.profileId());
                if (e instanceof SesException ses && ses.isThrottlingException()) {
                    // SES says slow down: the rest of the batch waits for the queue's next try.
                    left.addAll(batch.profileIds().subList(i + 1, batch.profileIds().size()));
                    break;
                }
            }
        }
        LOG.info("mailing batch mailed mailingId={} learners={} reached={} left={}", mailing.mailingId(),
                batch.profileIds().size(), among.reached().size(), left.size());
        return left;
    }

    private Map<String, Object> values(Mailing mailing, ConsentPurpose purpose, Profile profile) {
        return Map.of("fullName", profile.fullName().value(),
                "subjectVi", mailing.subjectVi(), "subjectEn", mailing.subjectEn(),
                "bodyVi", mailing.bodyVi(), "bodyEn", mailing.bodyEn(),
                "purposeNameVi", purpose.nameVi(), "purposeNameEn", purpose.nameEn(),
                "signInUrl", links.page("/sign-in"));
    }
}
