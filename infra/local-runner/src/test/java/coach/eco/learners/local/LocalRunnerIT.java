package coach.eco.learners.local;

import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.TestLearners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The run command's server, driven over HTTP the way curl and the website drive it. */
@ExtendWith(LocalAwsExtension.class)
class LocalRunnerIT {
    private static LocalApi api;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** What API Gateway answers for a path and method of no route; the function is not called. */
    private static final String RUNNER_NOT_FOUND = "{\"message\":\"Not Found\"}";
    /** What a function answers for a route key it does not handle. */
    private static final String NO_SUCH_ROUTE = "There is no such route.";

    @BeforeAll
    static void start() throws Exception {
        api = new LocalApi(LocalAwsExtension.template(), LocalAwsExtension.aws(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void everyRouteOfTheTemplate_reachesItsFunction_whichKnowsTheRoute_andAnswersNoStoreAndNosniff() throws Exception {
        List<SamTemplate.Route> routes = LocalAwsExtension.template().functions().stream()
                .flatMap(function -> function.routes().stream()).toList();
        assertThat(routes).hasSizeGreaterThan(20);
        for (SamTemplate.Route route : routes) {
            // Any value for a path parameter: the route, not the value, is what is checked here.
            String path = route.path().replaceAll("\\{[^}]+}", "00000000-0000-4000-8000-000000000000");
            HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                    .header("content-type", "application/json")
                    .method(route.method(), HttpRequest.BodyPublishers.ofString("{}"));
            if ("AWS_IAM".equals(route.authorizer())) {
                request.header("authorization", "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261125/ap-southeast-1/execute-api/aws4_request");
            }

            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.headers().firstValue("content-type")).as(route.routeKey())
                    .hasValueSatisfying(type -> assertThat(type).matches("application/.*|text/csv.*"));
            assertThat(response.body()).as(route.routeKey())
                    .doesNotContain(NO_SUCH_ROUTE)
                    .isNotEqualTo(RUNNER_NOT_FOUND);
            assertThat(response.headers().firstValue("x-content-type-options")).as(route.routeKey()).hasValue("nosniff");
            assertThat(response.headers().firstValue("cache-control")).as(route.routeKey()).hasValue("no-store");
        }
    }

    @Test
    void signupOverHttp_sendsAReadableEmail_whoseLinkActivatesTheProfile() throws Exception {
        TestLearners.Learner learner = TestLearners.next();

        HttpResponse<String> signup = post("/v1/profiles", learner.signupJson(true));

        assertThat(signup.statusCode()).isEqualTo(202);
        assertThat(signup.headers().firstValue("cache-control")).hasValue("no-store");
        Outbox.Mail mail = Outbox.onlyMailTo(learner.email());
        assertThat(mail.text()).startsWith("Xin chào,").doesNotContain(learner.fullName());
        String token = Outbox.tokenIn(mail);

        HttpResponse<String> verified = post("/v1/profiles/verification", Json.of(Map.of("token", token)));
        HttpResponse<String> again = post("/v1/profiles/verification", Json.of(Map.of("token", token)));

        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void standInSite_servesThePagesThatEmailLinksOpen() throws Exception {
        // A page, and where it names the route it posts to: itself, or its script.
        Map<String, String> pagesAndTheRoutesTheyPostTo = Map.of(
                "/verify-email", "/v1/profiles/verification",
                "/sign-in.js", "/v1/sessions",
                "/confirm-email", "/v1/email-changes/confirmation",
                "/confirm-deletion", "/v1/deletion-requests/confirmation",
                "/cancel-deletion", "/v1/deletion-requests/cancellation",
                "/confirm-request", "/v1/privacy-requests/confirmation",
                "/delete-profile.js", "/v1/deletion-requests");
        try (LocalSite site = new LocalSite(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), url(""))) {
            for (var page : pagesAndTheRoutesTheyPostTo.entrySet()) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(site.origin().resolve(page.getKey()))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(page.getKey()).isEqualTo(200);
                assertThat(response.body()).as(page.getKey()).contains(page.getValue());
            }
        }
    }

    @Test
    void staffRoute_withAPathParameter_needsASignedRequest_asApiGatewayDoes() throws Exception {
        String path = "/v1/admin/profiles/00000000-0000-4000-8000-000000000000/legal-hold";
        String note = Json.of(Map.of("reason", "kiểm tra", "reference", "HS-1"));

        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(url(path))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(note)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> signed = HTTP.send(HttpRequest.newBuilder(url(path))
                .header("content-type", "application/json")
                .header("authorization", "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261125/ap-southeast-1/execute-api/aws4_request")
                .PUT(HttpRequest.BodyPublishers.ofString(note)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(signed.statusCode()).as("reaches the function, which knows no such profile").isEqualTo(404);
        assertThat(signed.body()).contains("\"type\":\"urn:learner-profiles:problem:not-found\"");
    }

    @Test
    void scheduledPurge_runsWhenAsked_asEventBridgeSchedulerWouldRunIt() throws Exception {
        assertThat(api.schedules()).containsKey("RetentionPurgeFunction");

        HttpResponse<String> run = post("/_local/schedules/RetentionPurgeFunction", "");

        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(run.body()).contains("\"dryRun\":false", "\"finished\":true", "\"byRule\":", "\"failed\":[]");
    }

    @Test
    void purgeDryRun_runsWhenAskedWithItsPayload_asLambdaInvokeWouldRunIt() throws Exception {
        assertThat(api.schedules()).containsKey("InactivityWarningFunction");

        HttpResponse<String> dryRun = post("/_local/schedules/RetentionPurgeFunction", Json.of(Map.of("dryRun", true)));

        assertThat(dryRun.statusCode()).isEqualTo(200);
        assertThat(dryRun.body()).contains("\"dryRun\":true", "\"byRule\":");
    }

    @Test
    void unknownRoute_isNotFound() throws Exception {
        HttpResponse<String> response = post("/v1/nothing-here", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(RUNNER_NOT_FOUND);
    }

    @Test
    void mailbox_listsTheSentMail() throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        post("/v1/profiles", learner.signupJson(false));

        HttpResponse<String> mailbox = HTTP.send(HttpRequest.newBuilder(url("/_local/mail")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(mailbox.statusCode()).isEqualTo(200);
        assertThat(mailbox.body()).contains(learner.email());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url(path))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }
}
