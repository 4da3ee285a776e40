package coach.eco.learners.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A learner's way in, as the website takes it: over the signup and update functions' routes. */
public final class LearnerJourney extends LearnerWayIn {
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> update;

    public LearnerJourney(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> signup,
                          RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> update) {
        this(overRoutes(signup), update);
    }

    private LearnerJourney(Signups signups, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> update) {
        super(signups);
        this.update = update;
    }

    /** Signing up otherwise (through the service, for the update function's own tests), signing in over the routes. */
    public static LearnerJourney signingUpBy(Signups signups,
                                             RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> update) {
        return new LearnerJourney(signups, update);
    }

    private static Signups overRoutes(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> signup) {
        return new Signups() {
            @Override
            public void signUp(TestLearners.Learner learner) {
                assertThat(signup.handleRequest(ApiEvents.post("/v1/profiles", "application/json",
                        learner.signupJson(true)), null).getStatusCode()).isEqualTo(202);
            }

            @Override
            public void confirm(String verificationToken) {
                assertThat(signup.handleRequest(ApiEvents.post("/v1/profiles/verification", "application/json",
                        Json.of(Map.of("token", verificationToken))), null).getStatusCode()).isEqualTo(200);
            }
        };
    }

    @Override
    protected void askForLink(String email) {
        assertThat(requestLink(email).getStatusCode()).isEqualTo(202);
    }

    @Override
    protected String sessionFrom(String linkToken) {
        APIGatewayV2HTTPResponse session = startSession(linkToken);
        assertThat(session.getStatusCode()).as(session.getBody()).isEqualTo(201);
        return field(session.getBody(), "sessionToken");
    }

    public APIGatewayV2HTTPResponse requestLink(String email) {
        return update.handleRequest(ApiEvents.post("/v1/sign-in-links", "application/json",
                Json.of(Map.of("email", email))), null);
    }

    public APIGatewayV2HTTPResponse startSession(String token) {
        return update.handleRequest(ApiEvents.post("/v1/sessions", "application/json",
                Json.of(Map.of("token", token))), null);
    }

    /** A signed-in request to the update function. */
    public APIGatewayV2HTTPResponse get(String path, String session) {
        return update.handleRequest(ApiEvents.request("GET", path, Map.of("authorization", "Bearer " + session), null),
                null);
    }

    /** A signed-in PATCH of the profile, with the If-Match header unless {@code ifMatch} is null. */
    public APIGatewayV2HTTPResponse patch(String session, String ifMatch, String json) {
        Map<String, String> headers = new HashMap<>(Map.of("authorization", "Bearer " + session,
                "content-type", "application/json"));
        if (ifMatch != null) {
            headers.put("if-match", ifMatch);
        }
        return update.handleRequest(ApiEvents.request("PATCH", "/v1/profiles/me", headers, json), null);
    }
}
