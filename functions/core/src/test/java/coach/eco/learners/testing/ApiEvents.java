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

    /**
     * A request to a route with path parameters ("/v1/admin/profiles/{profileId}/legal-hold"),
     * as API Gateway passes it on once IAM has authenticated the caller (null: not signed).
     */
    public static APIGatewayV2HTTPEvent iamRequest(String method, String route, Map<String, String> pathParameters,
                                                   String callerArn, String body) {
        String path = route;
        for (Map.Entry<String, String> parameter : pathParameters.entrySet()) {
            path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
        }
        APIGatewayV2HTTPEvent event = request(method, path, Map.of("content-type", "application/json"), body);
        event.setRouteKey(method + " " + route);
        event.setPathParameters(pathParameters.isEmpty() ? null : pathParameters);
        if (callerArn != null) {
            event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(callerArn).build())
                    .build());
        }
        return event;
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
