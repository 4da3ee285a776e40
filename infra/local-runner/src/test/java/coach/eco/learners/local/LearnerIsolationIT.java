package coach.eco.learners.local;

import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.PolicyStaff;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.TestLearners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two learners, and every route the OpenAPI document says takes a session: each refuses a request
 * without one, and one learner's session on it never shows or changes the other learner. And every
 * link mailed to one learner acts on that learner alone, whoever's session comes with it.
 */
@ExtendWith(LocalAwsExtension.class)
class LearnerIsolationIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A body each signed-in route acts on (the rest take none). */
    private static final Map<String, String> BODIES = Map.of(
            "PATCH /v1/profiles/me", Json.of(Map.of("fullName", "Kẻ Lạ", "marketingConsent", true)),
            "POST /v1/profiles/me/deletion-request", Json.of(Map.of("kind", "deactivate")),
            "PUT /v1/profiles/me/policy-answers/{versionId}", Json.of(Map.of("accepted", true)));
    private static LocalApi api;
    private static LearnerJourney journey;
    private static DynamoDbClient plainDynamoDb;

    @BeforeAll
    static void start() throws Exception {
        api = new LocalApi(LocalAwsExtension.template(), LocalAwsExtension.aws(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        journey = new LearnerJourney(api.functionServing("POST /v1/profiles"), api.functionServing("POST /v1/sessions"));
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() {
        plainDynamoDb.close();
        api.close();
    }

    @Test
    void everySignedInRoute_refusesNoSession_andServesOneLearnerOnly() throws Exception {
        List<String> signedInRoutes = signedInRoutesOfTheDocument();
        assertThat(signedInRoutes).contains("GET /v1/profiles/me", "PATCH /v1/profiles/me", "DELETE /v1/sessions");
        TestLearners.Learner other = TestLearners.next();
        String otherSession = journey.signedUpAndSignedIn(other);
        HttpResponse<String> otherBefore = send("GET /v1/profiles/me", otherSession, null);
        String otherId = Json.field(otherBefore.body(), "profileId");

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

    /**
     * Every link the system mails (and the newsletter's unsubscribe URL), for two learners: each
     * learner's link, sent with the other learner's session, acts on its owner as the link grants,
     * and leaves the other learner's items and audit trail exactly as they were, both ways round.
     */
    @Test
    void everyEmailedLink_actsOnItsOwnerOnly_whateverSessionCarriesIt() throws Exception {
        for (EmailedLink link : emailedLinks()) {
            Owner a = link.owner().get();
            Owner b = link.owner().get();
            String linkOfA = link.mint().tokenMailedTo(a);
            String linkOfB = link.mint().tokenMailedTo(b);

            usedWithTheSessionOf(link, linkOfB, holderBesides(a));
            usedWithTheSessionOf(link, linkOfA, holderBesides(b));
        }
    }

    /** A learner a link was mailed to; pending learners have no session and no profile id to read. */
    private record Owner(TestLearners.Learner learner, String session, String profileId) {
    }

    @FunctionalInterface
    private interface Mint {
        String tokenMailedTo(Owner owner) throws Exception;
    }

    @FunctionalInterface
    private interface Learners {
        Owner get() throws Exception;
    }

    /** A kind of emailed link: who gets one, how, and the route its page sends the token to. */
    private record EmailedLink(String route, Learners owner, Mint mint) {
    }

    private List<EmailedLink> emailedLinks() {
        String[] consentVersion = new String[1];
        return List.of(
                new EmailedLink("POST /v1/profiles/verification", LearnerIsolationIT::pending, owner ->
                        LearnerJourney.latestTokenTo(owner.learner().email())),
                new EmailedLink("POST /v1/sessions", LearnerIsolationIT::signedIn, owner -> {
                    assertThat(journey.requestLink(owner.learner().email()).getStatusCode()).isEqualTo(202);
                    return LearnerJourney.latestTokenTo(owner.learner().email());
                }),
                new EmailedLink("POST /v1/deletion-requests/confirmation", LearnerIsolationIT::signedIn, owner -> {
                    assertThat(post("/v1/deletion-requests", Map.of("email", owner.learner().email(),
                            "kind", "deactivate"), null).statusCode()).isEqualTo(202);
                    return LearnerJourney.latestTokenTo(owner.learner().email());
                }),
                new EmailedLink("POST /v1/deletion-requests/cancellation", LearnerIsolationIT::signedIn, owner -> {
                    assertThat(post("/v1/profiles/me/deletion-request", Map.of("kind", "delete"), owner.session())
                            .statusCode()).isEqualTo(201);
                    return LearnerJourney.latestTokenTo(owner.learner().email());
                }),
                new EmailedLink("POST /v1/email-changes/confirmation", LearnerIsolationIT::signedIn, owner -> {
                    String newEmail = TestLearners.next().email();
                    HttpResponse<String> read = send("GET /v1/profiles/me", owner.session(), null);
                    assertThat(journey.patch(owner.session(), read.headers().firstValue("etag").orElseThrow(),
                            Json.of(Map.of("email", newEmail))).getStatusCode()).isEqualTo(200);
                    return LearnerJourney.latestTokenTo(newEmail);
                }),
                new EmailedLink("POST /v1/policy-answers/acceptance", LearnerIsolationIT::signedIn, owner -> {
                    if (consentVersion[0] == null) {
                        consentVersion[0] = PolicyStaff.newVersionId();
                        assertThat(postAsStaff("/v1/admin/policy-versions",
                                PolicyStaff.draft(consentVersion[0], "consent")).statusCode()).isEqualTo(201);
                        // A second publisher's approval starts the mailing: locally, a session of another name.
                        assertThat(postAsStaff("minh", "/v1/admin/policy-versions/" + consentVersion[0] + "/approval",
                                null).statusCode()).isEqualTo(200);
                    }
                    return Outbox.tokenIn(policyMailTo(owner.learner().email(), consentVersion[0]), "/accept-policy");
                }),
                new EmailedLink("POST /v1/newsletter-unsubscribe/{token}", LearnerIsolationIT::signedIn, owner -> {
                    HttpResponse<String> links = postAsStaff("/v1/admin/newsletter-unsubscribe-links",
                            Json.of(Map.of("profileIds", List.of(owner.profileId()))));
                    assertThat(links.statusCode()).as(links.body()).isEqualTo(200);
                    return Json.field(links.body(), "listUnsubscribe").replaceAll(".*/([^/>]+)>$", "$1");
                }));
    }

    /**
     * The link's page sends the token with {@code holder}'s session: the link does what it grants
     * its owner, and nothing of the holder is shown or changed.
     */
    private static void usedWithTheSessionOf(EmailedLink link, String token, Owner holder) throws Exception {
        List<String> holderBefore = itemsAndTrailOf(holder.profileId());

        HttpResponse<String> used = useLink(link.route(), token, holder.session());

        assertThat(used.statusCode()).as("%s: %s", link.route(), used.body()).isBetween(200, 299);
        assertThat(used.body()).as(link.route()).doesNotContain(holder.profileId(), holder.learner().email());
        assertThat(itemsAndTrailOf(holder.profileId())).as("the holder's items after %s", link.route())
                .isEqualTo(holderBefore);
    }

    /** The owner, if signed in, holds the other learner's link; a pending owner lends the part to a new learner. */
    private static Owner holderBesides(Owner owner) throws Exception {
        return owner.session() != null ? owner : signedIn();
    }

    private static Owner signedIn() {
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        return new Owner(learner, session, Json.field(journey.get("/v1/profiles/me", session).getBody(), "profileId"));
    }

    private static Owner pending() {
        TestLearners.Learner learner = TestLearners.next();
        journey.signUp(learner);
        return new Owner(learner, null, null);
    }

    /** Everything stored about one profile: its items and lookup items, and its audit trail. */
    private static List<String> itemsAndTrailOf(String profileId) {
        List<String> state = new ArrayList<>(RawTables.itemsMentioning(plainDynamoDb, profileId));
        state.addAll(AuditTrail.eventsOf(plainDynamoDb, profileId));
        state.sort(null);
        return state;
    }

    /** The policy email of this version to this address, once the local triggers have mailed it. */
    private static Outbox.Mail policyMailTo(String email, String versionId) throws InterruptedException {
        for (int poll = 0; poll < 600; poll++) {
            Optional<Outbox.Mail> mail = Outbox.mailTo(email).stream()
                    .filter(candidate -> candidate.text().contains("(phiên bản " + versionId + ")")).findFirst();
            if (mail.isPresent()) {
                return mail.get();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no policy email of " + versionId + " reached a test learner");
    }

    private static HttpResponse<String> useLink(String route, String token, String session) throws Exception {
        if (route.endsWith("{token}")) {
            // RFC 8058: the mail client posts this body to the URL, which alone says who.
            return HTTP.send(withSession(HttpRequest.newBuilder(uri(route.split(" ", 2)[1].replace("{token}", token)))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")), session).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        return post(route.split(" ", 2)[1], Map.of("token", token), session);
    }

    private static HttpResponse<String> post(String path, Map<String, ?> body, String session) throws Exception {
        return HTTP.send(withSession(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.of(body))), session).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A staff call as the local runner takes it: any SigV4-shaped header acts as the local staff role. */
    private static HttpResponse<String> postAsStaff(String path, String json) throws Exception {
        return postAsStaff("local", path, json);
    }

    /** A staff call in the named session (the local runner takes the word after the scheme as its name). */
    private static HttpResponse<String> postAsStaff(String session, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .header("authorization", "AWS4-HMAC-SHA256 " + session)
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder withSession(HttpRequest.Builder request, String session) {
        return session == null ? request : request.header("authorization", "Bearer " + session);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
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
