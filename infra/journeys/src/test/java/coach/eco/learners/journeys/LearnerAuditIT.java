package coach.eco.learners.journeys;

import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail a learner's way through the signup and update functions leaves: every record
 * written by a function's request, with its request id, and none with personal data.
 */
@ExtendWith(LocalAwsExtension.class)
class LearnerAuditIT {
    private static LearnerFunctions functions;

    @BeforeAll
    static void start() {
        functions = new LearnerFunctions(Map.of(), new MutableClock());
    }

    @AfterAll
    static void stop() {
        functions.close();
    }

    @Test
    void auditRecords_holdNoPersonalData() {
        TestLearners.Learner learner = TestLearners.next();
        LearnerJourney journey = functions.journey;
        String session = journey.signedUpAndSignedIn(learner);
        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);
        journey.patch(session, read.getHeaders().get("etag"),
                Json.of(Map.of("fullName", TestLearners.pii("Lê Thị Hồng"))));

        List<Map<String, AttributeValue>> records = AuditTrail.recordsOf(functions.plainDynamoDb, profileIdIn(read));

        assertThat(records).isNotEmpty().allSatisfy(record -> {
            assertThat(record.keySet()).containsOnly("profileId", "recorded", "event", "at", "requestId");
            assertThat(record.toString()).doesNotContain(learner.fullName(), "Lê Thị Hồng", learner.email(),
                    learner.phoneE164());
        });
    }

    private static String profileIdIn(APIGatewayV2HTTPResponse response) {
        return LearnerJourney.field(response.getBody(), "profileId");
    }
}
