package coach.eco.learners.local;

import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.TestLearners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two learners, and every route the OpenAPI document says takes a session: each refuses a request
 * without one, and one learner's session on it never shows or changes the other learner.
 */
@ExtendWith(LocalAwsExtension.class)
class LearnerIsolationIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A body each signed-in route acts on (the rest take none). */
    private static final Map<String, String> BODIES = Map.of(
            "PATCH /v1/profiles/me", "{\"fullName\": \"Kẻ Lạ\", \"marketingConsent\": true}",
            "POST /v1/profiles/me/deletion-request", "{\"kind\": \"deactivate\"}",
            "PUT /v1/profiles/me/policy-answers/{versionId}", "{\"accepted\": true}");
    private static LocalApi api;
    private static LearnerJourney journey;

    @BeforeAll
    static void start() throws Exception {
        api = new LocalApi(LocalAwsExtension.template(), LocalAwsExtension.aws(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        journey = new LearnerJourney(api.functionServing("POST /v1/profiles"), api.functionServing("POST /v1/sessions"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void everySignedInRoute_refusesNoSession_andServesOneLearnerOnly() throws Exception {
        List<String> signedInRoutes = signedInRoutesOfTheDocument();
        assertThat(signedInRoutes).contains("GET /v1/profiles/me", "PATCH /v1/profiles/me", "DELETE /v1/sessions");
        TestLearners.Learner other = TestLearners.next();
        String otherSession = journey.signedUpAndSignedIn(other);
        HttpResponse<String> otherBefore = send("GET /v1/profiles/me", otherSession, null);
        String otherId = LearnerJourney.field(otherBefore.body(), "profileId");

        for (String route : signedInRoutes) {
            // A learner of its own for each route: some routes end the session that calls them.
            String session = journey.signedUpAndSignedIn(TestLearners.next());

            HttpResponse<String> anonymous = send(route, null, otherBefore.headers().firstValue("etag").orElseThrow());
            HttpResponse<String> signedIn = send(route, session, otherBefore.headers().firstValue("etag").orElseThrow());

            assertThat(anonymous.statusCode()).as("%s without a session", route).isEqualTo(401);
            assertThat(signedIn.statusCode()).as("%s with a session: %s", route, signedIn.body()).isNotEqualTo(401);
            assertThat(signedIn.body()).as(route).doesNotContain(otherId, other.email());
            assertThat(send("GET /v1/profiles/me", otherSession, null).body())
                    .as("the other learner after %s", route).isEqualTo(otherBefore.body());
        }
    }

    /** Every operation of docs/openapi.yaml whose security is a learner's session, as "METHOD /path". */
    @SuppressWarnings("unchecked")
    private static List<String> signedInRoutesOfTheDocument() throws Exception {
        Map<String, Object> document;
        try (Reader in = Files.newBufferedReader(LocalAwsExtension.template().projectRoot().resolve("docs/openapi.yaml"))) {
            document = new Yaml().load(in);
        }
        List<String> routes = new ArrayList<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, operations) ->
                operations.forEach((method, operation) -> {
                    Object security = ((Map<String, Object>) operation).get("security");
                    if (security != null && security.toString().contains("session")) {
                        routes.add(method.toUpperCase() + " " + path);
                    }
                }));
        return routes;
    }

    /** The route, with "current" for a path parameter, signed in as {@code session} (null: no session). */
    private static HttpResponse<String> send(String route, String session, String ifMatch) throws Exception {
        String[] methodAndPath = route.split(" ", 2);
        String body = BODIES.get(route);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                        + methodAndPath[1].replaceAll("\\{[^}]+}", "current")))
                .method(methodAndPath[0], body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (session != null) {
            request.header("authorization", "Bearer " + session);
        }
        if (ifMatch != null) {
            request.header("if-match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
