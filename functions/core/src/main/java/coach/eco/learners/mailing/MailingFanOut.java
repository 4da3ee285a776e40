package coach.eco.learners.mailing;

import coach.eco.learners.policy.BatchQueue;
import coach.eco.learners.policy.MailBatch;
import coach.eco.learners.policy.MailQueue;
import coach.eco.learners.profile.RetentionStore;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A purpose mailing's first half, run by the policy mailing's fan-out on the staff routes' events: queues every
 * confirmed learner's id (plain attributes, nothing decrypted) in batches on the policy mail queue, once to be
 * counted when the mailing is composed, and again to be mailed when it is sent. Whose answer is yes is for the
 * sender to read, encrypted as it is: when it mails, a "no" given meanwhile holds.
 */
@Singleton
public class MailingFanOut {
    private static final Logger LOG = LoggerFactory.getLogger(MailingFanOut.class);

    /** What one run queued. */
    @Serdeable
    public record Report(String mailingId, long learnersQueued, long messages) {
    }

    private final MailingStore mailings;
    private final RetentionStore learners;
    private final MailQueue queue;

    public MailingFanOut(MailingStore mailings, RetentionStore learners, MailQueue queue) {
        this.mailings = mailings;
        this.learners = learners;
        this.queue = queue;
    }

    /** Queues every confirmed learner for the mailing: to be counted for staff, or, once sent, to be mailed. */
    public Report run(String mailingId, boolean countOnly) {
        // An event anyone in the account could emit: only a mailing a publisher had sent is queued for mail.
        if (mailings.find(mailingId).filter(mailing -> countOnly || mailing.sendingRequested()).isEmpty()) {
            LOG.warn("mailing fan-out for an unknown or unsent mailing mailingId={}", mailingId);
            return new Report(mailingId, 0, 0);
        }
        AtomicInteger numbered = new AtomicInteger();
        BatchQueue batches = new BatchQueue(ids -> countOnly
                ? MailBatch.ofMailingCount(mailingId, ids, numbered.getAndIncrement())
                : MailBatch.ofMailing(mailingId, ids), queue::send);
        learners.confirmedProfileIds().forEach(batches::add);
        batches.finish();
        if (countOnly) {
            mailings.countQueued(mailingId, batches.messages());
        }
        LOG.info("mailing queued mailingId={} countOnly={} learners={} messages={}", mailingId, countOnly,
                batches.learners(), batches.messages());
        return new Report(mailingId, batches.learners(), batches.messages());
    }
}
