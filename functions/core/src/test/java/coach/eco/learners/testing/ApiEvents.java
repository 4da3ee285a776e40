package coach.eco.learners.testing;

import coach.eco.learners.local.SamTemplate;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * API Gateway HTTP API (payload 2.0) events, replayed from the shape API Gateway sends
 * (events/http-api-v2.json): the route key is the template's route that serves the method and
 * path ("GET /v1/policy-versions/{versionId}"), with the path's values as path parameters. A
 * request no route of the template serves has no event: API Gateway answers it with 404 itself.
 */
public final class ApiEvents {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final byte[] HTTP_API_EVENT = fixture("/events/http-api-v2.json");
    private static final List<SamTemplate.Route> ROUTES = SamTemplate.locate().functions().stream()
            .flatMap(function -> function.routes().stream()).toList();

    private ApiEvents() {
    }

    public static APIGatewayV2HTTPEvent post(String path, String contentType, String body) {
        return request("POST", path, Map.of("content-type", contentType), body);
    }

    /** A JSON POST with an Idempotency-Key, as a client that may retry it sends it. */
    public static APIGatewayV2HTTPEvent keyedPost(String path, String key, String body) {
        return request("POST", path, Map.of("content-type", "application/json", "idempotency-key", key), body);
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
        if (callerArn != null) {
            event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(callerArn).build())
                    .build());
        }
        return event;
    }

    /** The event with this query, raw and decoded, as API Gateway passes both. */
    public static APIGatewayV2HTTPEvent withQuery(APIGatewayV2HTTPEvent event, Map<String, String> parameters) {
        event.setRawQueryString(parameters.entrySet().stream()
                .map(parameter -> parameter.getKey() + "=" + URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
        event.setQueryStringParameters(parameters.isEmpty() ? null : parameters);
        return event;
    }

    /** A request with the headers given, in lower case as HTTP APIs pass them. */
    public static APIGatewayV2HTTPEvent request(String method, String path, Map<String, String> headers, String body) {
        SamTemplate.Route route = ROUTES.stream()
                .filter(candidate -> candidate.serves(method, path).isPresent())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "no route of template.yaml serves " + method + " " + path + ": API Gateway answers 404 itself"));
        Map<String, String> pathParameters = route.serves(method, path).orElseThrow();
        APIGatewayV2HTTPEvent event = replayed();
        Map<String, String> sent = new HashMap<>(event.getHeaders());
        sent.putAll(headers);
        event.setRouteKey(route.routeKey());
        event.setRawPath(path);
        event.setPathParameters(pathParameters.isEmpty() ? null : pathParameters);
        event.setHeaders(sent);
        event.setBody(body);
        event.getRequestContext().setRouteKey(route.routeKey());
        event.getRequestContext().setRequestId(UUID.randomUUID().toString());
        event.getRequestContext().getHttp().setMethod(method);
        event.getRequestContext().getHttp().setPath(path);
        return event;
    }

    private static APIGatewayV2HTTPEvent replayed() {
        try {
            return JSON.readValue(HTTP_API_EVENT, APIGatewayV2HTTPEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] fixture(String resource) {
        try (InputStream in = ApiEvents.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
