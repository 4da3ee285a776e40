package coach.eco.learners.local;

import coach.eco.learners.purge.InactivityWarningFunction;
import coach.eco.learners.purge.RetentionPurge;
import coach.eco.learners.purge.RetentionPurgeFunction;
import coach.eco.learners.testing.DynamoDbTap;
import coach.eco.learners.testing.KmsCalls;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.RetentionPopulation;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prints the hourly retention runs' figures over a population in every retention state
 * ({@link RetentionPopulation}, the due, held and damaged profiles of its full size among
 * {@code -Dprofiles} in all, 20,000 by default): one purge run (its KMS endpoint pointed where nothing
 * answers, as it never decrypts) and one warnings run, each timed, with the DynamoDB items it read
 * ({@link DynamoDbTap}) and the KMS calls it made. Starts an emulator of its own, which stops with it
 * (the counts must see no other items, and the emulator's queries read every item a table holds); it
 * refuses to run while one runs in this work tree: {@code infra/local-aws.sh stop} first. Run with
 * infra/benchmark.sh RetentionScaleBenchmark [-Dprofiles=20000]; it is a program, not a test: it
 * asserts nothing.
 */
public final class RetentionScaleBenchmark {
    private static final RetentionPopulation.Sizes FULL = RetentionPopulation.Sizes.FULL;
    private static final int PROFILES = Integer.getInteger("profiles", FULL.profiles());
    /** The emulator reads every item of a table for each query: seconds, not milliseconds, at 20,000. */
    private static final Map<String, String> UNHURRIED = Map.of("LEARNER_AWS_CALL_TIMEOUT", "PT60S");
    private static final Map<String, Object> SCHEDULE_INPUT = Map.of("trigger", "schedule");

    /** What one run reported, how long it took, and what it read and called. */
    record Run(RetentionPurge.Report report, double seconds, long itemsRead, int kmsCalls) {
        static Run of(Supplier<RetentionPurge.Report> run) {
            DynamoDbTap.resetItemsRead();
            int kmsBefore = KmsCalls.count();
            long start = System.nanoTime();
            RetentionPurge.Report report = run.get();
            return new Run(report, (System.nanoTime() - start) / 1e9, DynamoDbTap.itemsRead(),
                    KmsCalls.count() - kmsBefore);
        }
    }

    public static void main(String[] args) {
        RetentionPopulation.Sizes sizes = new RetentionPopulation.Sizes(FULL.requested(), FULL.warnedOnTime(),
                FULL.warnedLate(), FULL.unverified(), FULL.warningDue(), FULL.heldPerRule(), FULL.damaged(), PROFILES);
        double loadBefore = loadAverage();
        SamTemplate template = SamTemplate.locate();
        try (LocalAws aws = LocalAws.startOwn(template, Map.of());
             DynamoDbClient plainDynamoDb = DynamoDbClient.create();
             InactivityWarningFunction warnings = new InactivityWarningFunction(
                     aws.applicationContextOf(template.function("InactivityWarningFunction"), UNHURRIED));
             RetentionPurgeFunction purge = LocalAwsExtension.builtWithKmsAt("http://127.0.0.1:9",
                     () -> new RetentionPurgeFunction(
                             aws.applicationContextOf(template.function("RetentionPurgeFunction"), UNHURRIED)))) {
            long writeStart = System.nanoTime();
            // Written through the warnings' services: they sign learners up with KMS, as signup does.
            RetentionPopulation population = RetentionPopulation.write(warnings.getApplicationContext(),
                    plainDynamoDb, aws.physicalId("ProfilesTable"), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    sizes);
            double writeSeconds = (System.nanoTime() - writeStart) / 1e9;

            Run erasure = Run.of(() -> purge.handleRequest(SCHEDULE_INPUT, null));
            Run warning = Run.of(() -> warnings.handleRequest(SCHEDULE_INPUT, null));

            int due = population.dueCount();
            int warningDue = population.warningDue().size();
            int written = due + warningDue + population.held().size() + population.damaged().size()
                    + population.notDue().size();
            System.out.printf("retention at scale (local emulator, %s)%n", Runtime.version());
            System.out.printf("  profiles written:  %,d in %.1f s (%,d due for erasure, %,d due a warning, %,d held,"
                            + " %,d damaged, %,d not due)%n", written, writeSeconds, due, warningDue,
                    population.held().size(), population.damaged().size(), population.notDue().size());
            System.out.printf("  purge run:         erased %,d %s, skipped %,d held, reported %,d failed; finished %s%n",
                    erasure.report().erased(), erasure.report().byRule(), erasure.report().held(),
                    erasure.report().failed().size(), erasure.report().finished());
            System.out.printf("                     %.1f s, %.2f due erased per second; %,d items read, %.2f per due"
                            + " profile; %d KMS calls%n", erasure.seconds(), erasure.report().erased() / erasure.seconds(),
                    erasure.itemsRead(), (double) erasure.itemsRead() / due, erasure.kmsCalls());
            System.out.printf("  warnings run:      warned %,d %s%n", warned(warning.report()), warning.report().byRule());
            System.out.printf("                     %.1f s; %,d items read, %.2f per due warning; %d KMS calls%n",
                    warning.seconds(), warning.itemsRead(), (double) warning.itemsRead() / warningDue,
                    warning.kmsCalls());
            System.out.printf("  load average (1 min): %.1f at the start, %.1f at the end%n", loadBefore, loadAverage());
            System.out.printf("  command: infra/benchmark.sh RetentionScaleBenchmark -Dprofiles=%d%n", PROFILES);
        }
    }

    private static int warned(RetentionPurge.Report report) {
        return report.byRule().values().stream().mapToInt(Integer::intValue).sum();
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
