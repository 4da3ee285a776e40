package coach.eco.learners.purge;

import coach.eco.learners.testing.LearnerSetUp;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import io.micronaut.context.ApplicationContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;

/**
 * The functions a retention test drives, on one test clock, each built as deployed from the
 * template; the purge with KMS where nothing answers, as it must never need it. Learners are set up
 * through core's services in the warnings' context: their routes are other functions'.
 */
final class RetentionFunctions implements AutoCloseable {
    private static final Map<String, Object> SCHEDULE_INPUT = Map.of("trigger", "schedule");

    final MutableClock clock = new MutableClock();
    final RetentionPurgeFunction purge;
    final InactivityWarningFunction warnings;
    /** The warnings' context, whose services set learners up (it has KMS, as signing up needs). */
    final ApplicationContext services;
    final LearnerSetUp learners;
    final DynamoDbClient plainDynamoDb = DynamoDbClient.create();

    RetentionFunctions() {
        this(Map.of());
    }

    /** With {@code overrides} of the template's environment, for every function. */
    RetentionFunctions(Map<String, String> overrides) {
        purge = LocalAwsExtension.builtWithKmsAt("http://127.0.0.1:9", () -> new RetentionPurgeFunction(
                LocalAwsExtension.contextOf("RetentionPurgeFunction", overrides, clock)));
        warnings = new InactivityWarningFunction(LocalAwsExtension.contextOf("InactivityWarningFunction", overrides,
                clock));
        services = warnings.getApplicationContext();
        learners = new LearnerSetUp(services);
    }

    /** What EventBridge Scheduler does at five past the hour. */
    RetentionPurge.Report purgeRun() {
        return purge.handleRequest(SCHEDULE_INPUT, null);
    }

    RetentionPurge.Report dryRun() {
        return purge.handleRequest(Map.of("dryRun", true), null);
    }

    /** What EventBridge Scheduler does at 35 past the hour. */
    RetentionPurge.Report warningsRun() {
        return warnings.handleRequest(SCHEDULE_INPUT, null);
    }

    @Override
    public void close() {
        plainDynamoDb.close();
        purge.close();
        warnings.close();
    }
}
