package coach.eco.learners.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A learner's way in, as the website takes it: sign up, confirm the email, ask for a link, sign in. */
public final class LearnerJourney {
    private static final Set<String> SESSION_TOKENS = ConcurrentHashMap.newKeySet();

    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> signup;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> update;

    public LearnerJourney(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> signup,
                          RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> update) {
        this.signup = signup;
        this.update = update;
    }

    /** Signs the learner up, confirms the email and signs in; returns the session token. */
    public String signedUpAndSignedIn(TestLearners.Learner learner) {
        signUp(learner);
        String verification = latestTokenTo(learner.email());
        assertThat(signup.handleRequest(ApiEvents.post("/v1/profiles/verification", "application/json",
                Json.of(Map.of("token", verification))), null).getStatusCode()).isEqualTo(200);
        return signIn(learner.email());
    }

    public void signUp(TestLearners.Learner learner) {
        assertThat(signup.handleRequest(ApiEvents.post("/v1/profiles", "application/json",
                learner.signupJson(true)), null).getStatusCode()).isEqualTo(202);
    }

    /** Asks for a sign-in link and exchanges it; returns the session token. */
    public String signIn(String email) {
        assertThat(requestLink(email).getStatusCode()).isEqualTo(202);
        APIGatewayV2HTTPResponse session = startSession(latestTokenTo(email));
        assertThat(session.getStatusCode()).as(session.getBody()).isEqualTo(201);
        String token = field(session.getBody(), "sessionToken");
        SESSION_TOKENS.add(token);
        return token;
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

    /** Every session token the journeys of this run started, for the check that logs hold none. */
    public static Set<String> sessionTokens() {
        return Set.copyOf(SESSION_TOKENS);
    }

    public static String latestTokenTo(String email) {
        List<Outbox.Mail> mails = Outbox.mailTo(email);
        assertThat(mails).isNotEmpty();
        return Outbox.tokenIn(mails.get(mails.size() - 1));
    }

    /** A string field of a JSON body, read with the functions' JSON mapper. */
    public static String field(String json, String name) {
        return Json.field(json, name);
    }
}
