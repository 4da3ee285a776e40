package coach.eco.learners.account;

import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LearnerSetUp;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The update function as the template configures it, on a test clock, and a learner's way in: signed up
 * through core's signup service, signed in over the function's routes. Built before a test class
 * (registered after {@link LocalAwsExtension}), closed after it.
 */
final class LearnerFunctions implements BeforeAllCallback, AfterAllCallback {
    private final MutableClock clock;
    UpdateFunction update;
    LearnerJourney journey;
    /** The tables as a reader sees them, without decryption. */
    DynamoDbClient plainDynamoDb;

    LearnerFunctions(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        update = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction", clock));
        journey = LearnerJourney.signingUpBy(LearnerSetUp.signups(update.getApplicationContext()), update);
        plainDynamoDb = DynamoDbClient.create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (plainDynamoDb == null) {
            // The suite was skipped (no Docker for LocalStack): nothing was built.
            return;
        }
        plainDynamoDb.close();
        update.close();
    }
}
