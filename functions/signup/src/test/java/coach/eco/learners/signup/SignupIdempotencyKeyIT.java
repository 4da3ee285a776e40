package coach.eco.learners.signup;

import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Signups retried with an Idempotency-Key: the first answer again, and one mail. */
@ExtendWith(LocalAwsExtension.class)
class SignupIdempotencyKeyIT {
    private static SignupFunction function;

    @BeforeAll
    static void start() {
        function = new SignupFunction(LocalAwsExtension.contextOf("SignupFunction"));
    }

    @AfterAll
    static void stop() {
        function.close();
    }

    @Test
    void signup_retriedWithItsKey_getsTheFirstAnswer_mailsOnce_andItsLinkStillWorks() {
        TestLearners.Learner learner = TestLearners.next();
        String key = UUID.randomUUID().toString();

        APIGatewayV2HTTPResponse first = keyed("/v1/profiles", key, learner.signupJson(true));
        APIGatewayV2HTTPResponse retry = keyed("/v1/profiles", key, learner.signupJson(true));

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(retry.getStatusCode()).isEqualTo(202);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getHeaders()).containsEntry("idempotent-replayed", "true");
        assertThat(first.getHeaders()).doesNotContainKey("idempotent-replayed");
        // A second signup would have replaced the pending profile and killed the first link.
        String token = Outbox.tokenIn(Outbox.onlyMailTo(learner.email()));
        assertThat(function.handleRequest(ApiEvents.post("/v1/profiles/verification", "application/json",
                Json.of(Map.of("token", token))), null).getStatusCode()).isEqualTo(200);
    }

    @Test
    void signup_retriedWithoutAKey_isASecondSignup_asBefore() {
        TestLearners.Learner learner = TestLearners.next();

        assertThat(function.handleRequest(signupOf(learner), null).getStatusCode()).isEqualTo(202);
        assertThat(function.handleRequest(signupOf(learner), null).getStatusCode()).isEqualTo(202);

        assertThat(Outbox.mailTo(learner.email())).hasSize(2);
    }

    @Test
    void key_sentAgainWithAnotherBody_isRefused_andChangesNothing() {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner other = TestLearners.next();
        String key = UUID.randomUUID().toString();
        assertThat(keyed("/v1/profiles", key, learner.signupJson(true)).getStatusCode()).isEqualTo(202);

        APIGatewayV2HTTPResponse reused = keyed("/v1/profiles", key, other.signupJson(true));

        assertThat(reused.getStatusCode()).isEqualTo(422);
        assertThat(reused.getHeaders().get("content-type")).startsWith("application/problem+json");
        assertThat(reused.getBody()).contains("urn:learner-profiles:problem:idempotency-key-reused")
                .doesNotContain(other.email(), key);
        assertThat(Outbox.mailTo(other.email())).as("the refused request ran nothing").isEmpty();
        assertThat(Outbox.mailTo(learner.email())).hasSize(1);
    }

    @Test
    void malformedKey_isRefused_beforeAnythingRuns() {
        TestLearners.Learner learner = TestLearners.next();

        APIGatewayV2HTTPResponse refused = keyed("/v1/profiles", "key with spaces", learner.signupJson(true));

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("urn:learner-profiles:problem:invalid-idempotency-key");
        assertThat(Outbox.mailTo(learner.email())).isEmpty();
    }

    private static APIGatewayV2HTTPEvent signupOf(TestLearners.Learner learner) {
        return ApiEvents.post("/v1/profiles", "application/json", learner.signupJson(true));
    }

    private static APIGatewayV2HTTPResponse keyed(String path, String key, String body) {
        return function.handleRequest(ApiEvents.keyedPost(path, key, body), null);
    }
}
