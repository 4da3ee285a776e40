package coach.eco.learners.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What staff do at the privacy desk, through its IAM-signed routes as API Gateway passes them on. */
public final class DeskStaff {
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> desk;

    public DeskStaff(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> desk) {
        this.desk = desk;
    }

    /** A request body staff would send to record a request: kind, channel, identity check ("email-link", or a document). */
    public static Map<String, Object> request(String profileId, String kind, String channel, String document) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profileId", profileId);
        body.put("kind", kind);
        body.put("channel", channel);
        body.put("identityCheck", document == null ? "email-link" : "document");
        if (document != null) {
            body.put("document", document);
        }
        body.put("note", TestLearners.pii("Gọi từ số máy bàn, hỏi về dữ liệu của mình"));
        return body;
    }

    /** Records it; returns the request's id. */
    public String recorded(Map<String, Object> body) {
        APIGatewayV2HTTPResponse recorded = call("POST", "/v1/admin/privacy-requests", Map.of(), body);
        assertThat(recorded.getStatusCode()).as(recorded.getBody()).isEqualTo(201);
        return Json.field(recorded.getBody(), "requestId");
    }

    public APIGatewayV2HTTPResponse onRequest(String method, String step, String requestId, Object body) {
        return call(method, "/v1/admin/privacy-requests/{requestId}" + step, Map.of("requestId", requestId), body);
    }

    /** A staff route with its path parameters and a JSON body (null: none), called as the test staff session. */
    public APIGatewayV2HTTPResponse call(String method, String route, Map<String, String> path, Object body) {
        return callAs(TestStaff.SESSION, method, route, path, body);
    }

    public APIGatewayV2HTTPResponse callAs(String caller, String method, String route, Map<String, String> path,
                                          Object body) {
        return desk.handleRequest(ApiEvents.iamRequest(method, route, path, caller, body == null ? null : Json.of(body)),
                null);
    }
}
