package coach.eco.learners.desk;

import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import coach.eco.learners.time.VietnamTime;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduled deadline check: counts the open requests whose next deadline is less than the warning's
 * working days away and those past it, and the breaches whose notice to the authority is not recorded
 * (and those past their 72 hours), and publishes the counts, zeros included, for the alarms. It reads the
 * sparse index of open entries through the plain client: ids and due dates, nothing decrypted.
 */
@Singleton
public class DeadlineCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineCheck.class);
    /** The centre needs this long to add next year's announced days off before the calendar runs out. */
    private static final int CALENDAR_NOTICE_DAYS = 60;
    private static final Instant ANY_TIME = Instant.parse("9999-12-31T23:59:59Z");

    /** What a run found: the ids of the entries due soon and overdue. */
    @Serdeable
    public record Report(List<String> requestsDueSoon, List<String> requestsOverdue, List<String> breachNoticesPending,
                         List<String> breachNoticesOverdue, boolean calendarEnding) {
    }

    private final DeskStore store;
    private final DeadlineRules rules;
    private final Metrics metrics;
    private final Clock clock;

    public DeadlineCheck(DeskStore store, DeadlineRules rules, Metrics metrics, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Report run() {
        Instant now = clock.instant();
        List<DeskStore.Due> requests = store.openDueBefore(RequestRegister.OPEN, rules.warnBefore(now));
        // Every breach whose notice is not recorded yet: it is due (pending) from its detection on.
        List<DeskStore.Due> breaches = store.openDueBefore(Breaches.OPEN, ANY_TIME);
        Report report = new Report(
                ids(requests.stream().filter(due -> due.dueAt().isAfter(now)).toList(), RequestRegister.key("")),
                ids(requests.stream().filter(due -> !due.dueAt().isAfter(now)).toList(), RequestRegister.key("")),
                ids(breaches, Breaches.key("")),
                ids(breaches.stream().filter(due -> !due.dueAt().isAfter(now)).toList(), Breaches.key("")),
                rules.workingDays().announcedUntil().isBefore(VietnamTime.today(clock).plusDays(CALENDAR_NOTICE_DAYS)));
        Map<Metric, Integer> counts = new EnumMap<>(Metric.class);
        counts.put(Metric.PRIVACY_REQUESTS_DUE_SOON, report.requestsDueSoon().size());
        counts.put(Metric.PRIVACY_REQUESTS_OVERDUE, report.requestsOverdue().size());
        counts.put(Metric.BREACH_NOTICES_PENDING, report.breachNoticesPending().size());
        counts.put(Metric.BREACH_NOTICES_OVERDUE, report.breachNoticesOverdue().size());
        counts.put(Metric.WORKING_DAY_CALENDAR_ENDING, report.calendarEnding() ? 1 : 0);
        metrics.publish(counts);
        LOG.info("privacy deadlines checked dueSoon={} overdue={} breachNoticesPending={} breachNoticesOverdue={}"
                        + " overdueRequestIds={} calendarEnding={}", report.requestsDueSoon().size(),
                report.requestsOverdue().size(), report.breachNoticesPending().size(),
                report.breachNoticesOverdue().size(), report.requestsOverdue(), report.calendarEnding());
        return report;
    }

    private static List<String> ids(List<DeskStore.Due> due, String prefix) {
        return due.stream().map(entry -> entry.key().substring(prefix.length())).toList();
    }
}
