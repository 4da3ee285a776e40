package coach.eco.learners.mailing;

import coach.eco.learners.policy.BatchQueue;
import coach.eco.learners.policy.MailBatch;
import coach.eco.learners.policy.MailQueue;
import coach.eco.learners.profile.RetentionStore;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A purpose mailing's first half, run by the policy mailing's fan-out on the staff route's event: queues every
 * confirmed learner's id (plain attributes, nothing decrypted) in batches on the policy mail queue. Whose
 * answer is yes is for the sender to read, encrypted as it is, when it mails: a "no" given meanwhile holds.
 */
@Singleton
public class MailingFanOut {
    private static final Logger LOG = LoggerFactory.getLogger(MailingFanOut.class);

    /** What one run queued. */
    @Serdeable
    public record Report(String mailingId, long learnersQueued, long messages) {
    }

    private final Mailings mailings;
    private final RetentionStore learners;
    private final MailQueue queue;

    public MailingFanOut(Mailings mailings, RetentionStore learners, MailQueue queue) {
        this.mailings = mailings;
        this.learners = learners;
        this.queue = queue;
    }

    public Report run(String mailingId) {
        // An event anyone in the account could emit: only a mailing a publisher had sent is queued.
        if (mailings.find(mailingId).filter(Mailing::sendingRequested).isEmpty()) {
            LOG.warn("mailing fan-out for an unknown or unsent mailing mailingId={}", mailingId);
            return new Report(mailingId, 0, 0);
        }
        BatchQueue batches = new BatchQueue(ids -> MailBatch.ofMailing(mailingId, ids), queue::send);
        learners.confirmedProfileIds().forEach(batches::add);
        batches.finish();
        LOG.info("mailing queued mailingId={} learners={} messages={}", mailingId, batches.learners(),
                batches.messages());
        return new Report(mailingId, batches.learners(), batches.messages());
    }
}
