package coach.eco.learners.http;

import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.refusal.FieldError;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import jakarta.validation.Validator;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads API Gateway (HTTP API, payload 2.0) requests into command records and writes responses.
 * A body binds only to its command's own fields, with their own JSON types: unknown or mistyped
 * fields are refused, never ignored, so no request can set what it was not meant to.
 */
@Singleton
public class HttpExchange {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** The field error that stands for every field of a body that its request does not take. */
    public static final String UNKNOWN_FIELDS = "(unknown)";
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "cache-control", "no-store",
            "x-content-type-options", "nosniff");

    private final JsonMapper json;
    private final Validator validator;

    public HttpExchange(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    public <T> T bind(APIGatewayV2HTTPEvent event, Class<T> command) {
        requireJsonContentType(event);
        JsonNode body = parse(bodyBytes(event));
        BeanIntrospection<T> introspection = BeanIntrospection.getIntrospection(command);
        List<FieldError> errors = new ArrayList<>();
        Map<String, JsonNode> wellTyped = new LinkedHashMap<>();
        boolean unknownFields = false;
        for (Map.Entry<String, JsonNode> field : body.entries()) {
            var property = introspection.getProperty(field.getKey());
            if (property.isEmpty()) {
                unknownFields = true;
            } else if (!hasJsonType(property.get(), field.getValue())) {
                errors.add(new FieldError(field.getKey(), typeMessage(property.get())));
            } else {
                // JSON has one number type: 9.0 is the whole number 9, and binds as 9.
                Long whole = wholeNumber(field.getValue());
                wellTyped.put(field.getKey(), whole == null ? field.getValue() : JsonNode.createNumberNode(whole));
            }
        }
        if (unknownFields) {
            // The unknown names are the caller's text: answered with the names this request takes instead.
            errors.add(new FieldError(UNKNOWN_FIELDS, "this request takes only " + fieldNamesOf(introspection)));
        }
        // The fields that did bind are validated too, so one answer lists every problem.
        T bound;
        try {
            bound = json.readValueFromTree(JsonNode.createObjectNode(wellTyped), command);
        } catch (IOException | RuntimeException e) {
            throw Refusal.BODY_DOES_NOT_BIND.refused();
        }
        validator.validate(bound).forEach(violation ->
                errors.add(new FieldError(violation.getPropertyPath().toString(), violation.getMessage())));
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw Refused.invalidFields(errors);
        }
        return bound;
    }

    public APIGatewayV2HTTPResponse json(int status, Object body) {
        return json(status, body, Map.of());
    }

    public APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> headers) {
        return response(status, "application/json", body, headers);
    }

    /** A CSV download (RFC 4180, UTF-8), with the same security headers as every answer. */
    public APIGatewayV2HTTPResponse csv(String body, String fileName) {
        var headers = new HashMap<>(SECURITY_HEADERS);
        headers.put("content-type", "text/csv; charset=utf-8");
        headers.put("content-disposition", "attachment; filename=\"" + fileName + "\"");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers).withBody(body)
                .withIsBase64Encoded(false).build();
    }

    public APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(SECURITY_HEADERS).build();
    }

    public APIGatewayV2HTTPResponse problem(Problem problem) {
        // RFC 9110: a 401 names the scheme that would be accepted.
        Map<String, String> headers = problem.status() == 401 ? Map.of("www-authenticate", "Bearer") : Map.of();
        return response(problem.status(), "application/problem+json", problem, headers);
    }

    /** A request header, by its name in any case (HTTP APIs pass names in lower case). */
    public static String header(APIGatewayV2HTTPEvent event, String name) {
        if (event.getHeaders() == null) {
            return null;
        }
        return event.getHeaders().entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private APIGatewayV2HTTPResponse response(int status, String contentType, Object body,
                                              Map<String, String> extraHeaders) {
        try {
            var headers = new HashMap<>(SECURITY_HEADERS);
            headers.putAll(extraHeaders);
            headers.put("content-type", contentType + "; charset=utf-8");
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(status)
                    .withHeaders(headers)
                    .withBody(new String(json.writeValueAsBytes(body), StandardCharsets.UTF_8))
                    .withIsBase64Encoded(false)
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("response body could not be written", e);
        }
    }

    private static void requireJsonContentType(APIGatewayV2HTTPEvent event) {
        String contentType = header(event, "content-type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw Refusal.UNSUPPORTED_MEDIA_TYPE.refused();
        }
    }

    private static byte[] bodyBytes(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null || body.isEmpty()) {
            throw Refusal.MISSING_BODY.refused();
        }
        // A cheap bound before decoding: base64 is 4/3 of its bytes, UTF-8 at most 3 bytes per char.
        if (body.length() > MAX_BODY_BYTES * 4 / 3 + 4) {
            throw Refusal.BODY_TOO_LARGE.refused();
        }
        byte[] bytes = event.getIsBase64Encoded() ? base64Decoded(body) : body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BODY_BYTES) {
            throw Refusal.BODY_TOO_LARGE.refused();
        }
        return bytes;
    }

    private static byte[] base64Decoded(String body) {
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw Refusal.BODY_NOT_BASE64.refused();
        }
    }

    private JsonNode parse(byte[] bytes) {
        JsonNode node;
        try {
            node = json.readValue(bytes, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw Refusal.MALFORMED_JSON.refused();
        }
        if (node == null || !node.isObject()) {
            throw Refusal.MALFORMED_JSON.refused();
        }
        return node;
    }

    /** Whether a value has its field's JSON type; null is no field's type (a field is left out by leaving it out). */
    private static boolean hasJsonType(BeanProperty<?, ?> property, JsonNode value) {
        Class<?> type = property.getType();
        if (List.class.isAssignableFrom(type)) {
            Class<?> elementType = property.asArgument().getFirstTypeVariable().<Class<?>>map(Argument::getType).orElse(Object.class);
            if (!value.isArray()) {
                return false;
            }
            for (JsonNode element : value.values()) {
                if (!hasJsonType(elementType, element)) {
                    return false;
                }
            }
            return true;
        }
        return hasJsonType(type, value);
    }

    private static boolean hasJsonType(Class<?> type, JsonNode value) {
        if (type == String.class) {
            return value.isString();
        }
        if (type == Boolean.class || type == boolean.class) {
            return value.isBoolean();
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return wholeNumber(value) != null;
        }
        return !value.isNull() && (value.isObject() || !value.isContainerNode());
    }

    /** The value as a whole number, or null if it is none (a string, 9.5, a number beyond a long). */
    private static Long wholeNumber(JsonNode value) {
        if (!value.isNumber()) {
            return null;
        }
        try {
            return new BigDecimal(value.getNumberValue().toString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    private static String typeMessage(BeanProperty<?, ?> property) {
        Class<?> type = property.getType();
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "must be a list of the right type";
        }
        return type == String.class ? "must be a string" : "has the wrong type";
    }

    private static String fieldNamesOf(BeanIntrospection<?> introspection) {
        return introspection.getBeanProperties().stream().map(BeanProperty::getName).sorted()
                .collect(Collectors.joining(", "));
    }
}
