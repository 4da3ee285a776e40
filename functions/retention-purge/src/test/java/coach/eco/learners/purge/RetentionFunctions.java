package coach.eco.learners.purge;

import coach.eco.learners.deletion.DeletionRequestFunction;
import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.staff.StaffFunction;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.update.UpdateFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;

/**
 * The functions a retention test drives, on one test clock, each built as deployed from the
 * template; the purge with KMS where nothing answers, as it must never need it.
 */
final class RetentionFunctions implements AutoCloseable {
    private static final Map<String, Object> SCHEDULE_INPUT = Map.of("trigger", "schedule");

    final MutableClock clock = new MutableClock();
    final SignupFunction signup;
    final UpdateFunction update;
    final DeletionRequestFunction deletion;
    final StaffFunction staff;
    final RetentionPurgeFunction purge;
    final InactivityWarningFunction warnings;
    final LearnerJourney journey;
    final DynamoDbClient plainDynamoDb = DynamoDbClient.create();

    RetentionFunctions() {
        this(Map.of());
    }

    /** With {@code overrides} of the template's environment, for every function. */
    RetentionFunctions(Map<String, String> overrides) {
        signup = new SignupFunction(LocalAwsExtension.contextOf("SignupFunction", overrides, clock));
        update = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction", overrides, clock));
        deletion = new DeletionRequestFunction(LocalAwsExtension.contextOf("DeletionRequestFunction", overrides,
                clock));
        staff = new StaffFunction(LocalAwsExtension.contextOf("StaffFunction", overrides, clock));
        purge = LocalAwsExtension.builtWithKmsAt("http://127.0.0.1:9", () -> new RetentionPurgeFunction(
                LocalAwsExtension.contextOf("RetentionPurgeFunction", overrides, clock)));
        warnings = new InactivityWarningFunction(LocalAwsExtension.contextOf("InactivityWarningFunction", overrides,
                clock));
        journey = new LearnerJourney(signup, update);
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
        signup.close();
        update.close();
        deletion.close();
        staff.close();
        purge.close();
        warnings.close();
    }
}
