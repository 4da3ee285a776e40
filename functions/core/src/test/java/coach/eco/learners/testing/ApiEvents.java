package coach.eco.learners.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.Map;
import java.util.UUID;

/** API Gateway HTTP API (payload 2.0) events, shaped as API Gateway sends them. */
public final class ApiEvents {
    private ApiEvents() {
    }

    public static APIGatewayV2HTTPEvent post(String path, String contentType, String body) {
        return request("POST", path, Map.of("content-type", contentType), body);
    }

    /** A request with the headers given, in lower case as HTTP APIs pass them. */
    public static APIGatewayV2HTTPEvent request(String method, String path, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + path)
                .withRawPath(path)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withSourceIp("127.0.0.1").build())
                        .build())
                .build();
    }
}
