package coach.eco.learners.purge;

import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import coach.eco.learners.profile.RetentionRule;
import coach.eco.learners.purge.RetentionQueue.Outcome;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run of the inactivity warnings: each learner due a warning (from the warn queue of the
 * RetentionDue index) is warned on their own ({@link InactivityWarning}). A held profile is not
 * warned.
 */
@Singleton
public class InactivityWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(InactivityWarnings.class);

    private final RetentionQueue queue;
    private final InactivityWarning warning;
    private final Metrics metrics;
    private final Clock clock;

    public InactivityWarnings(RetentionQueue queue, InactivityWarning warning, Metrics metrics, Clock clock) {
        this.queue = queue;
        this.warning = warning;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Warns every learner due a warning, until done or until {@code stopBy}. */
    public RetentionPurge.Report run(Instant stopBy) {
        Instant now = clock.instant();
        RetentionQueue.Walk walk = queue.walk(RetentionRule.WARN, now, stopBy, true,
                item -> item.held() ? Outcome.HELD : warning.warn(item.profileId(), now));
        int warned = walk.done();
        int held = walk.held();
        List<String> failed = walk.failedIds();
        LOG.info("inactivity warnings run warned={} held={} failed={}", warned, held, failed.size());
        metrics.publish(Map.of(Metric.INACTIVITY_WARNINGS_SENT, warned, Metric.RETENTION_ITEMS_FAILED, failed.size()));
        return new RetentionPurge.Report(false,
                warned == 0 ? Map.of() : Map.of(RetentionRule.INACTIVITY_WARNING.wireName(), warned),
                held, failed, List.of(), 0, walk.finished());
    }
}
