package coach.eco.learners.local;

import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.TestLearners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The website calls the API from origins of its own: the run command applies the template's
 * CorsConfiguration, with the origins of WebsiteOrigins (LOCAL_WEBSITE_ORIGINS), as API Gateway does,
 * and the stand-in pages are on an origin of their own, where email links point.
 */
@ExtendWith(LocalAwsExtension.class)
class WebsiteOriginsIT {
    /** A second allowed origin, as a staging site would be. */
    private static final String STAGING = "https://staging.eco-coach.example";
    private static final String ELSEWHERE = "https://elsewhere.example";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static LocalSite site;
    private static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        int apiPort;
        try (ServerSocket free = new ServerSocket(0, 1, LOOPBACK)) {
            apiPort = free.getLocalPort();
        }
        site = new LocalSite(new InetSocketAddress(LOOPBACK, 0), URI.create("http://127.0.0.1:" + apiPort));
        LocalAws aws = LocalAws.connect(LocalAwsExtension.template(), LocalAwsExtension.aws().endpoint(),
                Map.of("WebsiteOrigins", site.origin() + "," + STAGING,
                        "StaffRoleArns", LocalAwsExtension.aws().parameter("StaffRoleArns")), () -> { });
        api = new LocalApi(LocalAwsExtension.template(), aws, new InetSocketAddress(LOOPBACK, apiPort));
    }

    @AfterAll
    static void stop() {
        api.close();
        site.close();
    }

    @Test
    void preflightFromAnAllowedOrigin_isAnsweredWithTheTemplatesMethodsHeadersAndMaxAge() throws Exception {
        HttpResponse<String> preflight = preflight("/v1/profiles/me", STAGING, "PATCH", "content-type,if-match");

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(STAGING);
        assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValueSatisfying(methods ->
                assertThat(methods.split(",")).contains("GET", "POST", "PATCH", "DELETE"));
        assertThat(preflight.headers().firstValue("access-control-allow-headers")).hasValueSatisfying(headers ->
                assertThat(headers.split(",")).contains("content-type", "authorization", "if-match", "idempotency-key"));
        assertThat(preflight.headers().firstValue("access-control-max-age")).hasValue(String.valueOf(
                SamTemplate.map(LocalAwsExtension.template().resources("AWS::Serverless::HttpApi")
                        .get("LearnerApi").get("CorsConfiguration")).get("MaxAge")));
    }

    @Test
    void preflightFromAnotherOrigin_orForAHeaderNotAllowed_carriesNoAllowHeader() throws Exception {
        HttpResponse<String> elsewhere = preflight("/v1/profiles", ELSEWHERE, "POST", "content-type");
        HttpResponse<String> tracingHeader = preflight("/v1/profiles", STAGING, "POST", "content-type,x-request-id");

        assertThat(elsewhere.statusCode()).isEqualTo(204);
        assertThat(elsewhere.headers().map()).doesNotContainKey("access-control-allow-origin");
        assertThat(tracingHeader.headers().map()).doesNotContainKey("access-control-allow-origin");
    }

    @Test
    void errorAnswersToAnAllowedOrigin_carryTheAllowOrigin_andExposeWhatAPageMustRead() throws Exception {
        String origin = site.origin().toString();
        HttpResponse<String> invalid = send(HttpRequest.newBuilder(api("/v1/profiles")).header("origin", origin)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> signedOut = send(HttpRequest.newBuilder(api("/v1/profiles/me")).header("origin", origin).GET());
        HttpResponse<String> noRoute = send(HttpRequest.newBuilder(api("/v1/nothing-here")).header("origin", origin).GET());
        HttpResponse<String> unsigned = send(HttpRequest.newBuilder(
                api("/v1/admin/profiles/00000000-0000-4000-8000-000000000000/legal-hold")).header("origin", origin)
                .header("content-type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(List.of(invalid, signedOut, noRoute, unsigned)).extracting(HttpResponse::statusCode)
                .containsExactly(422, 401, 404, 403);
        for (HttpResponse<String> answer : List.of(invalid, signedOut, noRoute, unsigned)) {
            assertThat(answer.headers().firstValue("access-control-allow-origin")).as(answer.toString()).hasValue(origin);
            assertThat(answer.headers().firstValue("access-control-expose-headers")).as(answer.toString())
                    .hasValueSatisfying(exposed -> assertThat(exposed.split(",")).contains("etag",
                            "idempotent-replayed", "retry-after", "www-authenticate", "content-disposition"));
            assertThat(answer.headers().firstValue("vary")).as(answer.toString())
                    .hasValueSatisfying(vary -> assertThat(vary).contains("Origin"));
        }
    }

    @Test
    void answersToAnotherOrigin_carryNoAllowOrigin() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(api("/v1/profiles/me")).header("origin", ELSEWHERE).GET());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().map()).doesNotContainKeys("access-control-allow-origin", "access-control-expose-headers");
    }

    @Test
    void mailLinks_openThePagesOfTheFirstWebsiteOrigin() throws Exception {
        TestLearners.Learner learner = TestLearners.next();

        HttpResponse<String> signup = send(HttpRequest.newBuilder(api("/v1/profiles"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(learner.signupJson(true))));

        assertThat(signup.statusCode()).isEqualTo(202);
        assertThat(Outbox.onlyMailTo(learner.email()).text()).contains(site.origin() + "/verify-email#token=");
    }

    @Test
    void standInPages_areOnAnOriginOfTheirOwn_andCallTheApiAtItsOrigin() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(site.origin().resolve("/verify-email")).GET());
        HttpResponse<String> onTheApi = send(HttpRequest.newBuilder(api("/verify-email")).GET());

        assertThat(site.origin()).isNotEqualTo(api("/").resolve("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<meta name=\"api-origin\" content=\"" + api("").toString().replaceAll("/$", "") + "\">");
        assertThat(onTheApi.statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> preflight(String path, String origin, String method, String headers)
            throws Exception {
        return send(HttpRequest.newBuilder(api(path)).header("origin", origin)
                .header("access-control-request-method", method)
                .header("access-control-request-headers", headers)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI api(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }
}
