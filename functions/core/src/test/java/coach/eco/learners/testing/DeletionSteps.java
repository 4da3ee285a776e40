package coach.eco.learners.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.Map;

/** A learner's deletion steps, as the website takes them, through the deletion-request function's routes. */
public final class DeletionSteps {
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> deletion;

    public DeletionSteps(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> deletion) {
        this.deletion = deletion;
    }

    /** A signed-in request to deactivate or delete ("deactivate", "delete"). */
    public APIGatewayV2HTTPResponse requestSignedIn(String session, String kind) {
        return deletion.handleRequest(ApiEvents.request("POST", "/v1/profiles/me/deletion-request",
                Map.of("authorization", "Bearer " + session, "content-type", "application/json"),
                Json.of(Map.of("kind", kind))), null);
    }

    public APIGatewayV2HTTPResponse cancelSignedIn(String session) {
        return deletion.handleRequest(ApiEvents.request("DELETE", "/v1/profiles/me/deletion-request",
                Map.of("authorization", "Bearer " + session), null), null);
    }

    /** The public form: a confirmation link goes to the address if it is a confirmed learner's. */
    public APIGatewayV2HTTPResponse requestByEmail(String email, String kind) {
        return post("/v1/deletion-requests", Map.of("email", email, "kind", kind));
    }

    /** What the website's cancel page does with the acknowledgement's link. */
    public APIGatewayV2HTTPResponse cancelByLink(String token) {
        return post("/v1/deletion-requests/cancellation", Map.of("token", token));
    }

    private APIGatewayV2HTTPResponse post(String path, Map<String, String> body) {
        return deletion.handleRequest(ApiEvents.post(path, "application/json", Json.of(body)), null);
    }
}
