package coach.eco.learners.purge;

import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import coach.eco.learners.profile.DueErasure;
import coach.eco.learners.profile.RetentionItem;
import coach.eco.learners.profile.RetentionRule;
import coach.eco.learners.purge.RetentionQueue.Outcome;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;


/**
 * One run of the scheduled purge: every profile due for erasure, under any rule, oldest first, from
 * the erase queue of the RetentionDue index, each erased on its own. A held profile waits; an item
 * that fails (throws, or whose condition fails after a fresh read) is counted apart, never stops the
 * run, and is parked after a few runs. A dry run reads the same and changes nothing.
 */
@Singleton
public class RetentionPurge {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

    /**
     * What a run did, or for a dry run would do: erasures and warnings by rule, held profiles, ids of
     * the items that failed this run and of those parked, overdue erasures, and whether it finished.
     */
    @Serdeable
    public record Report(boolean dryRun, Map<String, Integer> byRule, int held, List<String> failed,
                         List<String> parked, int overdue, boolean finished) {

        public int erased() {
            return byRule.entrySet().stream()
                    .filter(entry -> !entry.getKey().equals(RetentionRule.INACTIVITY_WARNING.wireName()))
                    .mapToInt(Map.Entry::getValue).sum();
        }
    }

    private final RetentionQueue queue;
    private final ErasureService erasure;
    private final Metrics metrics;
    private final Duration overdueAfter;
    private final Clock clock;

    public RetentionPurge(RetentionQueue queue, ErasureService erasure, Metrics metrics,
                          LearnerConfiguration config, Clock clock) {
        this.queue = queue;
        this.erasure = erasure;
        this.metrics = metrics;
        this.overdueAfter = config.getErasureOverdueAfter();
        this.clock = clock;
    }

    /**
     * Erases what is due until done or until {@code stopBy}; what is left, the next run takes (each
     * erasure is its own transaction, so stopping between two loses nothing).
     */
    public Report run(Instant stopBy) {
        return pass(stopBy, false);
    }

    /** What a run would erase and warn now, by rule; changes nothing, sends nothing. */
    public Report dryRun() {
        return pass(Instant.MAX, true);
    }

    private Report pass(Instant stopBy, boolean dryRun) {
        Instant now = clock.instant();
        Map<RetentionRule, Integer> byRule = new EnumMap<>(RetentionRule.class);
        RetentionQueue.Walk walk = queue.walk(RetentionRule.ERASE, now, stopBy, !dryRun, item -> {
            DueErasure due = item.erasure();
            if (due.held()) {
                return Outcome.HELD;
            }
            if (dryRun || erasure.carryOut(due)) {
                byRule.merge(due.rule(), 1, Integer::sum);
                return Outcome.DONE;
            }
            return Outcome.FAILED;
        });
        int held = walk.held();
        List<String> failed = walk.failedIds();
        int overdue = (int) walk.failed().stream().filter(item -> item.isOverdue(now, overdueAfter)).count();
        if (!walk.finished()) {
            LOG.warn("purge stopped at its time limit erased={}", walk.done());
            overdue += walk.stoppedAt().isOverdue(now, overdueAfter) ? 1 : 0;
        }
        if (dryRun) {
            for (var item : queue.due(RetentionRule.WARN, now)) {
                byRule.merge(RetentionRule.INACTIVITY_WARNING, 1, Integer::sum);
            }
        }
        List<String> parked = new ArrayList<>();
        for (RetentionItem item : queue.parked()) {
            parked.add(item.profileId());
            overdue += item.isOverdue(now, overdueAfter) ? 1 : 0;
        }
        Map<String, Integer> counts = new TreeMap<>();
        byRule.forEach((rule, count) -> counts.put(rule.wireName(), count));
        Report report = new Report(dryRun, counts, held, failed, parked, overdue, walk.finished());
        LOG.info("purge {} byRule={} held={} failed={} parked={} overdue={}", dryRun ? "dry run" : "run",
                counts, held, failed.size(), parked.size(), overdue);
        if (!dryRun) {
            metrics.publish(Map.of(Metric.PURGE_RUNS, 1, Metric.PROFILES_ERASED, report.erased(),
                    Metric.PROFILES_HELD, held, Metric.RETENTION_ITEMS_FAILED, failed.size(),
                    Metric.RETENTION_ITEMS_PARKED, parked.size(), Metric.ERASURES_OVERDUE, overdue));
        }
        return report;
    }
}
