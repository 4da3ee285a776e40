package coach.eco.learners.local;

import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.RawTables;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the template, fed random and hostile bodies, headers and encodings over HTTP, as
 * anyone on the internet can: never a 5xx, never a stored change, never a value sent echoed back.
 * The values come from jqwik's generators; a failure names the request that caused it.
 */
@ExtendWith(LocalAwsExtension.class)
class HostileRequestsIT {
    /** In every generated name and value, so that an echo anywhere in an answer shows. */
    private static final String MARK = "qzxMARK";
    private static final int REQUESTS_PER_ROUTE = 30;
    private static final List<String> KNOWN_FIELDS = List.of(
            "fullName", "phone", "email", "marketingConsent", "token", "kind", "reason", "reference");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalApi api;
    private static DynamoDbClient plainDynamoDb;

    record Hostile(String contentType, String authorization, String ifMatch, String idempotencyKey, String pathParameter,
                   String body) {
    }

    @BeforeAll
    static void start() throws Exception {
        api = new LocalApi(LocalAwsExtension.template(), LocalAwsExtension.aws(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() {
        plainDynamoDb.close();
        api.close();
    }

    @Test
    void everyRoute_fedHostileRequests_answersWithoutA5xx_storesNothing_andEchoesNothing() throws Exception {
        String before = RawTables.everything(plainDynamoDb);
        List<String> failures = new ArrayList<>();

        for (SamTemplate.Route route : routes()) {
            for (Hostile hostile : hostileRequests().sampleStream().limit(REQUESTS_PER_ROUTE).toList()) {
                HttpResponse<String> answer = send(route, hostile);
                if (answer.statusCode() >= 500 || answer.body().contains(MARK)) {
                    failures.add(route.routeKey() + " " + hostile + " -> " + answer.statusCode() + " " + answer.body());
                }
            }
        }

        assertThat(failures).isEmpty();
        assertThat(RawTables.everything(plainDynamoDb)).as("nothing stored").isEqualTo(before);
    }

    private static List<SamTemplate.Route> routes() {
        return LocalAwsExtension.template().functions().stream()
                .flatMap(function -> function.routes().stream())
                .toList();
    }

    private static HttpResponse<String> send(SamTemplate.Route route, Hostile hostile) throws Exception {
        String path = route.path().replaceAll("\\{[^}/]+}",
                URLEncoder.encode(hostile.pathParameter(), StandardCharsets.UTF_8).replace("+", "%20"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .method(route.method(), HttpRequest.BodyPublishers.ofString(hostile.body(), StandardCharsets.UTF_8));
        if (hostile.contentType() != null) {
            request.header("content-type", hostile.contentType());
        }
        if (hostile.authorization() != null) {
            request.header("authorization", hostile.authorization());
        }
        if (hostile.ifMatch() != null) {
            request.header("if-match", hostile.ifMatch());
        }
        if (hostile.idempotencyKey() != null) {
            request.header("idempotency-key", hostile.idempotencyKey());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static Arbitrary<Hostile> hostileRequests() {
        return Combinators.combine(
                Arbitraries.of("application/json", "application/json; charset=utf-16", "text/plain",
                        "application/x-www-form-urlencoded", "application/json, text/html").injectNull(0.1),
                Arbitraries.oneOf(headerText().map(value -> "Bearer " + value), headerText()).injectNull(0.3),
                Arbitraries.oneOf(headerText(), Arbitraries.of("*", "\"1\"", "W/\"2\"", "\"-1\"", "\"99999999999999999999\""))
                        .injectNull(0.3),
                // Well-formed keys (claimed, then freed when the request is refused) and malformed ones.
                Arbitraries.oneOf(headerText(), headerText().map(value -> value + " \u00e9" + value),
                        Arbitraries.strings().withCharRange('!', '~').ofLength(256)).injectNull(0.3),
                headerText(),
                body()).as(Hostile::new);
    }

    /** Bodies that are not what any route takes: broken JSON, wrong shapes, wrong types, unknown fields. */
    private static Arbitrary<String> body() {
        Arbitrary<String> fieldName = Arbitraries.oneOf(Arbitraries.of(KNOWN_FIELDS), text());
        Arbitrary<String> wrongValue = Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("true", "null", "[]", "{}", "1e309", "-0", "[\"" + MARK + "\"]"),
                text().map(value -> "{\"" + MARK + "\": \"" + value + "\"}"));
        Arbitrary<String> objectWithUnknownOrWrongFields = Combinators.combine(
                        text().map(name -> "\"" + name + "\": \"" + MARK + "\""),
                        Combinators.combine(fieldName, wrongValue).as((name, value) -> "\"" + json(name) + "\": " + value)
                                .list().ofMaxSize(4))
                .as((unknown, wrong) -> "{" + unknown + wrong.stream().map(field -> ", " + field).collect(Collectors.joining()) + "}");
        return Arbitraries.oneOf(
                objectWithUnknownOrWrongFields,
                text(),
                text().map(value -> "{\"" + json(value) + "\": "),
                text().map(value -> "[\"" + json(value) + "\"]"),
                Arbitraries.of("", "null", "0", "\"\"", "{", "}", "\uFEFF{}", "{\"a\":1,\"a\":2}"),
                text().map(value -> "{\"email\": \"" + json(value) + "\", \"email\": 1}"));
    }

    /**
     * Hostile text: markup, control and invisible characters, quotes, long runs, non-Latin scripts,
     * always with the mark. No '@', so that no value is ever a deliverable email.
     */
    private static Arbitrary<String> text() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().withChars("<>\"'&;\\/%$#{}[]\u0000\u0007\u200B\u202E\uFEFF\r\n\tĐđữ用户"),
                Arbitraries.strings().alpha().numeric().ofMaxLength(40),
                Arbitraries.of("<script>alert(1)</script>", "' OR '1'='1", "../../etc/passwd", "${jndi:ldap://x}",
                        "{{7*7}}", "%00", "\\u0000"),
                Arbitraries.strings().alpha().ofMinLength(2000).ofMaxLength(70_000));
        return piece.map(value -> MARK + value);
    }

    /** What can travel in a header or a path: visible ASCII, with the mark. */
    private static Arbitrary<String> headerText() {
        return Arbitraries.strings().withCharRange('!', '?').withCharRange('A', '~')
                .ofMaxLength(200).map(value -> MARK + value);
    }

    private static String json(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
