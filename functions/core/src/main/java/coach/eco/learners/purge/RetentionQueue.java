package coach.eco.learners.purge;

import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.profile.RetentionItem;
import coach.eco.learners.profile.RetentionStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The queues of the sparse RetentionDue index, walked: what is due now in a queue, oldest first (a run
 * costs what is due, not what is stored), each item on its own within a time limit, and the
 * bookkeeping of items that fail. An item that fails {@code retentionMaxAttempts} runs in a row moves
 * to the parked queue, where it no longer holds up anything and is reported by id on every run until an
 * operator deals with it.
 */
@Singleton
public class RetentionQueue {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionQueue.class);

    private final RetentionStore store;
    private final int maxAttempts;
    private final Clock clock;

    /** What became of one due item. */
    public enum Outcome { DONE, NO_LONGER_DUE, HELD, FAILED }

    /** Takes one due item; throwing counts as {@link Outcome#FAILED}. */
    @FunctionalInterface
    public interface Step {
        Outcome take(RetentionItem item);
    }

    /**
     * What a walk did: items done and held, the items that failed, and the item it stopped at when its
     * time ran out (null if it reached the end).
     */
    public record Walk(int done, int held, List<RetentionItem> failed, @Nullable RetentionItem stoppedAt) {

        public boolean finished() {
            return stoppedAt == null;
        }

        public List<String> failedIds() {
            return failed.stream().map(RetentionItem::profileId).toList();
        }
    }

    public RetentionQueue(RetentionStore store, LearnerConfiguration config, Clock clock) {
        this.store = store;
        this.maxAttempts = config.getRetentionMaxAttempts();
        this.clock = clock;
    }

    /**
     * Takes the queue's items due at {@code now}, each on its own, until done or until {@code stopBy}:
     * an item that fails never stops the walk, and has its failure recorded if {@code recordFailures}
     * (a dry run counts none).
     */
    public Walk walk(String queue, Instant now, Instant stopBy, boolean recordFailures, Step step) {
        int done = 0;
        int held = 0;
        List<RetentionItem> failed = new ArrayList<>();
        for (RetentionItem item : store.due(queue, now)) {
            if (!clock.instant().isBefore(stopBy)) {
                return new Walk(done, held, failed, item);
            }
            Exception cause = null;
            Outcome outcome;
            try {
                outcome = step.take(item);
            } catch (RuntimeException e) {
                cause = e;
                outcome = Outcome.FAILED;
            }
            switch (outcome) {
                case DONE -> done++;
                case HELD -> held++;
                case FAILED -> {
                    failed.add(item);
                    if (recordFailures) {
                        recordFailure(item.profileId(), cause);
                    }
                }
                case NO_LONGER_DUE -> { }
            }
        }
        return new Walk(done, held, failed, null);
    }

    /** The queue's items due at {@code now}, oldest first, read page by page as iterated. */
    public Iterable<RetentionItem> due(String queue, Instant now) {
        return store.due(queue, now);
    }

    /** Every parked item. */
    public List<RetentionItem> parked() {
        return store.parked();
    }

    /**
     * Counts a failure of the profile's item; parks it when it has failed too often. Never throws:
     * the run goes on with the next item whatever happens here (the item then simply comes again).
     */
    private void recordFailure(String profileId, @Nullable Exception cause) {
        LOG.warn("retention item failed profileId={} error={}", profileId,
                cause == null ? "condition" : cause.getClass().getName());
        try {
            if (store.countFailure(profileId) >= maxAttempts) {
                store.park(profileId);
                LOG.error("retention item parked after {} failed runs profileId={}", maxAttempts, profileId);
            }
        } catch (ConditionalCheckFailedException gone) {
            LOG.info("retention item gone meanwhile profileId={}", profileId);
        } catch (SdkException | NumberFormatException e) {
            LOG.warn("retention failure not recorded profileId={} error={}", profileId, e.getClass().getName());
        }
    }
}
