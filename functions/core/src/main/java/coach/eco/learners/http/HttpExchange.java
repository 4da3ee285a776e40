package coach.eco.learners.http;

import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.refusal.FieldChecks;
import coach.eco.learners.refusal.Characters;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.HasText;
import coach.eco.learners.refusal.FieldError;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.io.IOException;
import java.time.Clock;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
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
    /** The field of an error about the body itself: fields it has that the request does not take. */
    private static final String BODY = "";
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "cache-control", "no-store",
            "x-content-type-options", "nosniff");

    private final JsonMapper json;
    private final Validator validator;
    private final Messages messages;
    private final Clock clock;

    public HttpExchange(JsonMapper json, Validator validator, Messages messages, Clock clock) {
        this.json = json;
        this.validator = validator;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * The body as its command, or every problem of it at once (422): fields missing, mistyped (null
     * included), unknown, and the values of the others that their constraints or the command's own
     * checks ({@link FieldChecks}) refuse.
     */
    public <T> T bind(APIGatewayV2HTTPEvent event, Class<T> command) {
        return bind(event, command, bound -> List.of());
    }

    /**
     * The same, with the checks of a service that needs its configuration to judge a value (a link on the
     * website's origins): their errors join the others in the one answer.
     */
    public <T> T bind(APIGatewayV2HTTPEvent event, Class<T> command, Function<T, List<FieldError>> serviceChecks) {
        requireJsonContentType(event);
        JsonNode body = parse(bodyBytes(event));
        List<FieldError> errors = new ArrayList<>();
        Set<String> mistyped = new HashSet<>();
        JsonNode wellTyped = wellTypedFields(BeanIntrospection.getIntrospection(command), body, "", errors, mistyped);
        // The fields that did bind are checked too, so one answer lists every problem.
        T bound;
        try {
            bound = json.readValueFromTree(wellTyped, command);
        } catch (IOException | RuntimeException e) {
            throw Refusal.BODY_DOES_NOT_BIND.refused();
        }
        validator.validate(bound).stream()
                // A mistyped field did not bind: its type error says all there is to say about it.
                .filter(violation -> !withinAny(mistyped, violation.getPropertyPath().toString()))
                .forEach(violation -> errors.add(fieldErrorOf(violation)));
        if (bound instanceof FieldChecks checks) {
            checks.fieldErrorsAt(clock.instant()).stream()
                    .filter(error -> !withinAny(mistyped, error.field()))
                    .forEach(errors::add);
        }
        errors.addAll(serviceChecks.apply(bound));
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

    /** A refusal's problem, in {@code language}. */
    public APIGatewayV2HTTPResponse problem(Refused refused, String requestId, Locale language) {
        ProblemTypes.ProblemType mapped = ProblemTypes.of(refused.refusal());
        String key = "problem." + refused.refusal().name();
        List<FieldProblem> errors = refused.errors().stream().map(error -> new FieldProblem(error.field(),
                pointerOf(error.field()), error.code().wireName(),
                messages.text(error.messageKey(), language, error.arguments()))).toList();
        return problem(new Problem(ProblemTypes.TYPE_PREFIX + mapped.type(), messages.text(key + ".title", language),
                mapped.status(), messages.text(key + ".detail", language), requestId, errors), language);
    }

    /** A failure that is no refusal: the service's own (500, 503), in {@code language}. */
    public APIGatewayV2HTTPResponse problem(int status, String type, String requestId, Locale language) {
        String key = "problem." + type;
        return problem(new Problem(ProblemTypes.TYPE_PREFIX + type, messages.text(key + ".title", language), status,
                messages.text(key + ".detail", language), requestId, List.of()), language);
    }

    /** The 202 of a public route that answers alike for every valid request: {@code accepted.<route>} in the bundles. */
    public APIGatewayV2HTTPResponse accepted(String route, APIGatewayV2HTTPEvent event) {
        Locale language = Messages.languageOf(event);
        return json(202, new Accepted("accepted", messages.text("accepted." + route, language)),
                Map.of("content-language", language.toLanguageTag()));
    }

    private APIGatewayV2HTTPResponse problem(Problem problem, Locale language) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-language", language.toLanguageTag());
        // RFC 9110: a 401 names the scheme that would be accepted.
        if (problem.status() == 401) {
            headers.put("www-authenticate", "Bearer");
        }
        return response(problem.status(), "application/problem+json", problem, headers);
    }

    /** A field's name as a JSON pointer (RFC 6901): "affected.from" is /affected/from, "categories[2]" /categories/2. */
    static String pointerOf(String field) {
        if (field.isEmpty()) {
            return "";
        }
        StringBuilder pointer = new StringBuilder();
        for (String step : field.replaceAll("<[^>]*>", "").replaceAll("\\[(\\d+)]", ".$1").split("\\.")) {
            pointer.append('/').append(step.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
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

    /**
     * The fields of a JSON object that have their property's type, nested objects checked field by field; the
     * mistyped and unknown ones are left out and reported, at their path ("notice.bodyVi").
     */
    private static JsonNode wellTypedFields(BeanIntrospection<?> introspection, JsonNode object, String path,
                                            List<FieldError> errors, Set<String> mistyped) {
        Map<String, JsonNode> wellTyped = new LinkedHashMap<>();
        boolean unknownFields = false;
        for (Map.Entry<String, JsonNode> field : object.entries()) {
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            var property = introspection.getProperty(field.getKey());
            var nested = property.flatMap(known -> BeanIntrospector.SHARED.findIntrospection(known.getType()));
            if (property.isEmpty()) {
                unknownFields = true;
            } else if (!hasJsonType(property.get(), field.getValue())) {
                mistyped.add(fieldPath);
                errors.add(new FieldError(fieldPath, FieldCode.WRONG_TYPE, typeVariant(property.get())));
            } else if (nested.isPresent() && field.getValue().isObject()) {
                wellTyped.put(field.getKey(), wellTypedFields(nested.get(), field.getValue(), fieldPath, errors, mistyped));
            } else {
                // JSON has one number type: 9.0 is the whole number 9, and binds as 9.
                Long whole = wholeNumber(field.getValue());
                wellTyped.put(field.getKey(), whole == null ? field.getValue() : JsonNode.createNumberNode(whole));
            }
        }
        if (unknownFields) {
            // The unknown names are the caller's text: the entry points at the object and names the fields it takes.
            errors.add(new FieldError(path.isEmpty() ? BODY : path, FieldCode.UNKNOWN_FIELD, null,
                    Map.of("fields", fieldNamesOf(introspection))));
        }
        return JsonNode.createObjectNode(wellTyped);
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
        if (Map.class.isAssignableFrom(type)) {
            // An object of named values (consents per purpose): each value of the map's value type.
            Class<?> valueType = property.asArgument().getTypeVariable("V").<Class<?>>map(Argument::getType)
                    .orElse(Object.class);
            if (!value.isObject()) {
                return false;
            }
            for (JsonNode element : value.values()) {
                if (!hasJsonType(valueType, element)) {
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

    /** The wording of a type error: what the field takes. */
    private static String typeVariant(BeanProperty<?, ?> property) {
        Class<?> type = property.getType();
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "number";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "map";
        }
        return List.class.isAssignableFrom(type) ? "list" : "object";
    }

    /** A constraint's violation as its field's error, coded by the kind of constraint. */
    private static FieldError fieldErrorOf(ConstraintViolation<?> violation) {
        String field = violation.getPropertyPath().toString();
        Annotation constraint = violation.getConstraintDescriptor().getAnnotation();
        Object value = violation.getInvalidValue();
        String unit = value instanceof Collection ? "list" : null;
        if (constraint instanceof NotNull) {
            return new FieldError(field, FieldCode.REQUIRED);
        }
        if (constraint instanceof NotBlank) {
            return new FieldError(field, value == null ? FieldCode.REQUIRED : FieldCode.BLANK);
        }
        if (constraint instanceof NotEmpty) {
            return value == null ? new FieldError(field, FieldCode.REQUIRED)
                    : new FieldError(field, FieldCode.TOO_SHORT, unit, Map.of("min", 1));
        }
        if (constraint instanceof Size size) {
            int length = value instanceof Collection<?> list ? list.size() : String.valueOf(value).length();
            return length < size.min() ? new FieldError(field, FieldCode.TOO_SHORT, unit, Map.of("min", size.min()))
                    : new FieldError(field, FieldCode.TOO_LONG, unit, Map.of("max", size.max()));
        }
        if (constraint instanceof HasText) {
            return new FieldError(field, value == null ? FieldCode.REQUIRED : FieldCode.BLANK);
        }
        if (constraint instanceof Characters characters) {
            String text = String.valueOf(value);
            return text.codePointCount(0, text.length()) < characters.min()
                    ? new FieldError(field, FieldCode.TOO_SHORT, unit, Map.of("min", characters.min()))
                    : new FieldError(field, FieldCode.TOO_LONG, unit, Map.of("max", characters.max()));
        }
        if (constraint instanceof Min min) {
            return new FieldError(field, FieldCode.OUT_OF_RANGE, "min", Map.of("value", min.value()));
        }
        if (constraint instanceof Max max) {
            return new FieldError(field, FieldCode.OUT_OF_RANGE, "max", Map.of("value", max.value()));
        }
        if (constraint instanceof Pattern pattern) {
            // The pattern's message names its code and variant: "invalid-format.profile-id", "invalid-choice".
            String[] key = pattern.message().split("\\.", 2);
            FieldCode code = FieldCode.valueOf(key[0].toUpperCase(Locale.ROOT).replace('-', '_'));
            return new FieldError(field, code, key.length > 1 ? key[1] : null,
                    Map.of("choices", pattern.regexp().replace("|", ", ")));
        }
        return new FieldError(field, FieldCode.INVALID_FORMAT);
    }

    /** Whether a field's path is one of the given fields or inside one: "affected.from" is inside "affected". */
    private static boolean withinAny(Set<String> fields, String path) {
        return fields.stream().anyMatch(field -> path.equals(field) || path.startsWith(field + ".")
                || path.startsWith(field + "[") || path.startsWith(field + "<"));
    }

    private static String fieldNamesOf(BeanIntrospection<?> introspection) {
        return introspection.getBeanProperties().stream().map(BeanProperty::getName).sorted()
                .collect(Collectors.joining(", "));
    }
}
