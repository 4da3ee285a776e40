package coach.eco.learners.update;

import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The signup and update functions as the template configures them, on one test clock, and a learner's
 * way through them: built before a test class (registered after {@link LocalAwsExtension}), closed after it.
 */
final class LearnerFunctions implements BeforeAllCallback, AfterAllCallback {
    private final MutableClock clock;
    SignupFunction signup;
    UpdateFunction update;
    LearnerJourney journey;
    /** The tables as a reader sees them, without decryption. */
    DynamoDbClient plainDynamoDb;

    LearnerFunctions(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        signup = new SignupFunction(LocalAwsExtension.contextOf("SignupFunction", clock));
        update = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction", clock));
        journey = new LearnerJourney(signup, update);
        plainDynamoDb = DynamoDbClient.create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (plainDynamoDb == null) {
            // The suite was skipped (no Docker for LocalStack): nothing was built.
            return;
        }
        plainDynamoDb.close();
        signup.close();
        update.close();
    }
}
