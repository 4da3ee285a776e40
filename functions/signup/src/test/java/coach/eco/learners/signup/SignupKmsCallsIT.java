package coach.eco.learners.signup;

import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.KmsCalls;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Hierarchical keyring saves at signup: a cold function fetches the active branch key once,
 * and every signup after that calls KMS only for the email's lookup key.
 */
@ExtendWith(LocalAwsExtension.class)
class SignupKmsCallsIT {

    @Test
    void coldSignup_callsKmsForTheEmailLookupKeyAndTheActiveBranchKey_warmSignupForTheLookupKeyOnly() {
        try (SignupFunction cold = new SignupFunction(LocalAwsExtension.contextOf("SignupFunction"))) {
            TestLearners.Learner first = TestLearners.next();

            assertThat(KmsCalls.during(() -> signUp(cold, first))).containsExactly("GenerateMac", "Decrypt");
            // Confirming reads the pending profile, written under a version this function has not fetched.
            assertThat(KmsCalls.during(() -> verify(cold, first.email()))).containsExactly("Decrypt");

            TestLearners.Learner second = TestLearners.next();
            assertThat(KmsCalls.during(() -> signUp(cold, second))).containsExactly("GenerateMac");
            assertThat(KmsCalls.during(() -> verify(cold, second.email()))).isEmpty();
        }
    }

    private static void signUp(SignupFunction function, TestLearners.Learner learner) {
        assertThat(function.handleRequest(ApiEvents.post("/v1/profiles", "application/json",
                learner.signupJson(true)), null).getStatusCode()).isEqualTo(202);
    }

    private static void verify(SignupFunction function, String email) {
        APIGatewayV2HTTPResponse verified = function.handleRequest(ApiEvents.post("/v1/profiles/verification",
                "application/json", Json.of(Map.of("token", LearnerJourney.latestTokenTo(email)))), null);
        assertThat(verified.getStatusCode()).isEqualTo(200);
    }
}
