package coach.eco.learners.policy;

import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
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
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The sending half of the mailings the policy mail queue carries besides a policy version's (a breach notice, a
 * mailing for one consent purpose): mails each learner it is given at most once per mailing (a delivery record
 * claimed before the send, as for a policy version), at the policy mailing's pace. A failed send frees its
 * record for the queue's next try; a throttled one leaves the rest of the batch to it.
 */
@Singleton
public class OnceEachDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(OnceEachDelivery.class);

    private final DeliveryRecords records;
    private final SendPace pace;
    private final Metrics metrics;

    public OnceEachDelivery(DeliveryRecords records, PolicyMailConfiguration mailConfig, Metrics metrics) {
        this.records = records;
        this.pace = new SendPace(mailConfig.getPolicyMailsPerSecond());
        this.metrics = metrics;
    }

    /**
     * Mails, in the batch's order, each of its learners found in {@code reached}, under the delivery record
     * {@code deliveryKey} names; returns the learners still to be mailed, for the queue to hand back. {@code kind}
     * and {@code mailingRef} name the mailing in the logs.
     */
    public List<String> deliver(List<String> batch, Map<String, Profile> reached,
                                Function<Profile, AttributeValue> deliveryKey, Consumer<Profile> send, String kind,
                                String mailingRef) {
        List<String> left = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Profile profile = reached.get(batch.get(i));
            if (profile == null) {
                continue;
            }
            AttributeValue key = deliveryKey.apply(profile);
            if (records.claim(key, profile.profileId()) == DeliveryRecords.Claim.TAKEN) {
                continue;
            }
            pace.await();
            try {
                send.accept(profile);
            } catch (SdkException e) {
                records.failed(key);
                LOG.warn("mail not sent kind={} profileId={} mailing={} error={}", kind, profile.profileId(),
                        mailingRef, e.getClass().getName());
                left.add(profile.profileId());
                if (e instanceof SesException ses && ses.isThrottlingException()) {
                    // SES says slow down: the rest of the batch waits for the queue's next try.
                    left.addAll(batch.subList(i + 1, batch.size()));
                    break;
                }
            }
        }
        LOG.info("mail batch sent kind={} mailing={} learners={} reached={} left={}", kind, mailingRef, batch.size(),
                reached.size(), left.size());
        return left;
    }

    /** Profiles that fail their integrity check are skipped, not retried: no try can read them. */
    public void parked(List<String> unreadable, String kind, String mailingRef) {
        unreadable.forEach(profileId -> {
            LOG.error("mail parked kind={} profileId={} mailing={} reason=integrity-failure", kind, profileId,
                    mailingRef);
            metrics.count(Metric.MAIL_PARKED);
        });
    }
}
