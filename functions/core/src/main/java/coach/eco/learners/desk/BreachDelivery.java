package coach.eco.learners.desk;

import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Suppressions;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import coach.eco.learners.policy.DeliveryRecords;
import coach.eco.learners.policy.MailBatch;
import coach.eco.learners.policy.PolicyMailConfiguration;
import coach.eco.learners.policy.SendPace;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ses.model.SesException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A breach notice's second half, run by the policy mail queue's sender: mails each learner of a batch the
 * notice staff wrote, at most once per breach (a delivery record claimed before the send, as for a policy
 * version), at the policy mailing's pace. Erased, unconfirmed, suspended and suppressed learners are skipped.
 */
@Singleton
public class BreachDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(BreachDelivery.class);

    private final Breaches breaches;
    private final ProfileStore profiles;
    private final Suppressions suppressions;
    private final LinkMails mails;
    private final DeliveryRecords records;
    private final SendPace pace;
    private final Metrics metrics;

    public BreachDelivery(Breaches breaches, ProfileStore profiles, Suppressions suppressions, LinkMails mails,
                          DeliveryRecords records, PolicyMailConfiguration mailConfig, Metrics metrics) {
        this.metrics = metrics;
        this.breaches = breaches;
        this.profiles = profiles;
        this.suppressions = suppressions;
        this.mails = mails;
        this.records = records;
        this.pace = new SendPace(mailConfig.getPolicyMailsPerSecond());
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
        // A profile that fails its integrity check is skipped, not retried: no try can read it.
        read.unreadable().forEach(profileId -> {
            LOG.error("mail parked kind=breach-notice profileId={} breachId={} reason=integrity-failure", profileId,
                    batch.breachId());
            metrics.count(Metric.MAIL_PARKED);
        });
        Set<String> suppressed = suppressions.suppressedAmong(
                reachable.values().stream().map(Profile::emailLookupKey).toList());
        reachable.values().removeIf(profile -> suppressed.contains(profile.emailLookupKey()));
        List<String> left = new ArrayList<>();
        for (int i = 0; i < batch.profileIds().size(); i++) {
            Profile profile = reachable.get(batch.profileIds().get(i));
            if (profile == null) {
                continue;
            }
            AttributeValue key = LookupTable.breachDeliveryKey(batch.breachId(), profile.profileId());
            if (records.claim(key, profile.profileId()) == DeliveryRecords.Claim.TAKEN) {
                continue;
            }
            pace.await();
            try {
                mails.mail(profile.email(), MailTemplate.BREACH_NOTICE, Map.of("fullName", profile.fullName().value(),
                        "subjectVi", notice.get().subjectVi(), "subjectEn", notice.get().subjectEn(),
                        "bodyVi", notice.get().bodyVi(), "bodyEn", notice.get().bodyEn())).send();
            } catch (SdkException e) {
                records.failed(key);
                LOG.warn("breach notice not sent profileId={} breachId={} error={}", profile.profileId(),
                        batch.breachId(), e.getClass().getName());
                left.add(profile.profileId());
                if (e instanceof SesException ses && ses.isThrottlingException()) {
                    // SES says slow down: the rest of the batch waits for the queue's next try.
                    left.addAll(batch.profileIds().subList(i + 1, batch.profileIds().size()));
                    break;
                }
            }
        }
        LOG.info("breach notice batch mailed breachId={} learners={} left={}", batch.breachId(),
                batch.profileIds().size(), left.size());
        return left;
    }
}
