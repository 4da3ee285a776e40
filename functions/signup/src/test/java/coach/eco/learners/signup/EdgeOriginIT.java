package coach.eco.learners.signup;

import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the edge on (EdgeWebAclArn), the public routes answer only what came through CloudFront and its
 * per-client WAF rules: a caller who learns the API's own domain and calls it directly is refused
 * before anything is read, changed or mailed.
 */
@ExtendWith(LocalAwsExtension.class)
class EdgeOriginIT {
    private static final String SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978";
    private static final String PREVIOUS_SECRET = "previous-secret-still-sent-by-some-edge-locations";
    private static ApplicationContext context;
    private static SignupFunction function;

    @BeforeAll
    static void start() {
        context = LocalAwsExtension.contextOf("SignupFunction", Map.of(
                "LEARNER_EDGE_ORIGIN_SECRET", SECRET, "LEARNER_EDGE_ORIGIN_PREVIOUS_SECRET", PREVIOUS_SECRET));
        function = new SignupFunction(context);
    }

    @AfterAll
    static void stop() {
        function.close();
    }

    @Test
    void aSignupSentAroundTheEdge_isRefused_andNothingIsStoredOrMailed() {
        for (String sent : new String[] {null, "", SECRET.substring(1), SECRET + "0", SECRET.toUpperCase()}) {
            TestLearners.Learner learner = TestLearners.next();

            APIGatewayV2HTTPResponse response = function.handleRequest(signup(learner, sent), null);

            assertThat(response.getStatusCode()).as("X-Origin-Verify: %s", sent).isEqualTo(403);
            assertThat(Json.field(response.getBody(), "type")).isEqualTo("urn:learner-profiles:problem:forbidden");
            assertThat(Json.field(response.getBody(), "title")).isEqualTo("Không được phép");
            assertThat(response.getBody()).doesNotContain(SECRET.substring(0, 8), PREVIOUS_SECRET.substring(0, 8));
            assertThat(Outbox.mailTo(learner.email())).isEmpty();
            assertThat(profileIdOf(learner)).isNull();
        }
    }

    @Test
    void aSignupPassedOnByTheEdge_withTheSecretOrThePreviousOneWhileItChanges_isTakenAsUsual() {
        for (String sent : new String[] {SECRET, PREVIOUS_SECRET}) {
            TestLearners.Learner learner = TestLearners.next();

            APIGatewayV2HTTPResponse response = function.handleRequest(signup(learner, sent), null);

            assertThat(response.getStatusCode()).isEqualTo(202);
            assertThat(Outbox.onlyMailTo(learner.email()).subject()).startsWith("Xác nhận email");
            assertThat(profileIdOf(learner)).isNotNull();
        }
    }

    /** Staff call the API's own domain on purpose, signed with SigV4: IAM has checked them, not CloudFront. */
    @Test
    void aRequestIamSigned_needsNoEdgeHeader() {
        TestLearners.Learner learner = TestLearners.next();
        APIGatewayV2HTTPEvent signed = ApiEvents.iamRequest("POST", "/v1/profiles", Map.of(),
                "arn:aws:sts::123456789012:assumed-role/learner-staff/lan", learner.signupJson(false));

        assertThat(function.handleRequest(signed, null).getStatusCode()).isEqualTo(202);
    }

    private static APIGatewayV2HTTPEvent signup(TestLearners.Learner learner, String originHeader) {
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json"));
        if (originHeader != null) {
            headers.put("x-origin-verify", originHeader);
        }
        return ApiEvents.request("POST", "/v1/profiles", headers, learner.signupJson(false));
    }

    private static String profileIdOf(TestLearners.Learner learner) {
        String key = context.getBean(EmailLookupKeys.class).lookupKeyOf(EmailAddress.parse(learner.email()));
        return context.getBean(ProfileStore.class).findEmail(key).map(found -> found.profileId()).orElse(null);
    }
}
