package coach.eco.learners.desk;

import coach.eco.learners.policy.BatchQueue;
import coach.eco.learners.policy.MailBatch;
import coach.eco.learners.policy.MailQueue;
import coach.eco.learners.profile.RetentionStore;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A breach notice's first half, run by the policy mailing's fan-out on the desk's event: reads the ids of
 * the confirmed learners the breach's selection names (plain attributes, nothing decrypted) and queues
 * them in batches on the policy mail queue, whose sender mails each once.
 */
@Singleton
public class BreachFanOut {
    private static final Logger LOG = LoggerFactory.getLogger(BreachFanOut.class);

    /** What one run queued. */
    @Serdeable
    public record Report(String breachId, long learnersQueued, long messages) {
    }

    private final Breaches breaches;
    private final RetentionStore learners;
    private final MailQueue queue;

    public BreachFanOut(Breaches breaches, RetentionStore learners, MailQueue queue) {
        this.breaches = breaches;
        this.learners = learners;
        this.queue = queue;
    }

    public Report run(String breachId) {
        var selection = breaches.selection(breachId);
        if (selection.isEmpty()) {
            LOG.warn("breach notice for an unknown breach breachId={}", breachId);
            return new Report(breachId, 0, 0);
        }
        BatchQueue batches = new BatchQueue(ids -> MailBatch.ofBreach(breachId, ids), queue::send);
        learners.confirmedProfileIds(selection.get().createdFrom(), selection.get().createdUntil()).forEach(batches::add);
        batches.finish();
        breaches.countQueued(breachId, batches.learners());
        LOG.info("breach notice queued breachId={} learners={} messages={}", breachId, batches.learners(),
                batches.messages());
        return new Report(breachId, batches.learners(), batches.messages());
    }
}
