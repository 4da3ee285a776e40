package coach.eco.learners.purge;

import coach.eco.learners.testing.LearnerSetUp;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A test class that drives the retention functions, on a clock each test may move and that goes back after. */
@ExtendWith(LocalAwsExtension.class)
abstract class RetentionFunctionsTest {
    static RetentionFunctions functions;
    static MutableClock clock;
    static LearnerSetUp learners;
    static DynamoDbClient plainDynamoDb;

    @BeforeAll
    static void start() {
        functions = new RetentionFunctions();
        clock = functions.clock;
        learners = functions.learners;
        plainDynamoDb = functions.plainDynamoDb;
    }

    @AfterAll
    static void stop() {
        functions.close();
    }

    @AfterEach
    void backToNow() {
        clock.reset();
    }
}
