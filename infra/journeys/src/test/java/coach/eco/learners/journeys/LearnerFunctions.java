package coach.eco.learners.journeys;

import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.deletion.DeletionRequestFunction;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.account.UpdateFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;

/**
 * The three learner functions over the emulator with one clock and the same settings, a journey
 * through them and a plain DynamoDB client for the raw tables; closed together.
 */
final class LearnerFunctions implements AutoCloseable {
    final SignupFunction signup;
    final UpdateFunction update;
    final DeletionRequestFunction deletion;
    final LearnerJourney journey;
    final DynamoDbClient plainDynamoDb = DynamoDbClient.create();

    LearnerFunctions(Map<String, String> settings, MutableClock clock) {
        signup = new SignupFunction(LocalAwsExtension.contextOf("SignupFunction", settings, clock));
        update = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction", settings, clock));
        deletion = new DeletionRequestFunction(LocalAwsExtension.contextOf("DeletionRequestFunction", settings, clock));
        journey = new LearnerJourney(signup, update);
    }

    @Override
    public void close() {
        plainDynamoDb.close();
        signup.close();
        update.close();
        deletion.close();
    }
}
