package coach.eco.learners.desk;

import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Suppressions;
import coach.eco.learners.policy.MailBatch;
import coach.eco.learners.policy.OnceEachDelivery;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A breach notice's second half, run by the policy mail queue's sender: mails each learner of a batch the
 * notice staff wrote, at most once per breach ({@link OnceEachDelivery}). Erased, unconfirmed, suspended and
 * suppressed learners are skipped.
 */
@Singleton
public class BreachDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(BreachDelivery.class);
    private static final String KIND = "breach-notice";

    private final Breaches breaches;
    private final ProfileStore profiles;
    private final Suppressions suppressions;
    private final LinkMails mails;
    private final OnceEachDelivery onceEach;

    public BreachDelivery(Breaches breaches, ProfileStore profiles, Suppressions suppressions, LinkMails mails,
                          OnceEachDelivery onceEach) {
        this.breaches = breaches;
        this.profiles = profiles;
        this.suppressions = suppressions;
        this.mails = mails;
        this.onceEach = onceEach;
    }

    /** Mails the batch; returns the learners still to be mailed, for the queue to hand back. */
    public List<String> deliver(MailBatch batch) {
        var notice = breaches.notice(batch.breachId());
        if (notice.isEmpty()) {
            LOG.warn("breach mail batch for an unknown breach breachId={}", batch.breachId());
            return List.of();
        }
        Map<String, Profile> reachable = new HashMap<>();
        ProfileStore.ProfilesRead read = profiles.findAll(batch.profileIds());
        read.found().stream().filter(Profile::isConfirmed)
                .forEach(profile -> reachable.put(profile.profileId(), profile));
        onceEach.parked(read.unreadable(), KIND, batch.breachId());
        Set<String> suppressed = suppressions.suppressedAmong(
                reachable.values().stream().map(Profile::emailLookupKey).toList());
        reachable.values().removeIf(profile -> suppressed.contains(profile.emailLookupKey()));
        return onceEach.deliver(batch.profileIds(), reachable,
                profile -> LookupTable.breachDeliveryKey(batch.breachId(), profile.profileId()),
                profile -> mails.mail(profile.email(), MailTemplate.BREACH_NOTICE, Map.of(
                        "fullName", profile.fullName().value(),
                        "subjectVi", notice.get().subjectVi(), "subjectEn", notice.get().subjectEn(),
                        "bodyVi", notice.get().bodyVi(), "bodyEn", notice.get().bodyEn())).send(),
                KIND, batch.breachId());
    }
}
