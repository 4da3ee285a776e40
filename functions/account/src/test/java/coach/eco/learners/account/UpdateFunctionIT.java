package coach.eco.learners.account;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.ConsentPurposeDraft;
import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.consent.PolicyInForce;
import coach.eco.learners.profile.ProfileView;
import coach.eco.learners.publiclink.HeldRequests;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AtOnce;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.AwsFaults;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LearnerSetUp;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.token.TokenPurpose;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

@ExtendWith(LocalAwsExtension.class)
class UpdateFunctionIT {
    private static final MutableClock CLOCK = new MutableClock();
    private static final String NEW_NAME = TestLearners.pii("Nguyễn Thị Lan Anh");
    private static final String NEW_PHONE = TestLearners.pii("+84 983 000 111");
    private static final String NEW_PHONE_E164 = TestLearners.pii("+84983000111");
    static {
        // Names these tests type by hand are test PII too: the log check looks for them.
        List.of("Trần Minh Khoa", "Trần Minh Quân", "Phạm Văn Một", "Phạm Văn Hai", "Kẻ Lạ").forEach(TestLearners::pii);
    }

    private static UpdateFunction update;
    private static DynamoDbClient plainDynamoDb;
    private static LearnerJourney journey;

    @BeforeAll
    static void start() {
        update = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction", CLOCK));
        journey = LearnerJourney.signingUpBy(LearnerSetUp.signups(update.getApplicationContext()), update);
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() {
        plainDynamoDb.close();
        update.close();
    }

    @Test
    void learner_signsUp_signsIn_reads_updates_andReadsTheChange() {
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);

        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);
        assertThat(read.getStatusCode()).isEqualTo(200);
        assertThat(read.getBody()).contains("\"fullName\":\"" + learner.fullName() + "\"",
                "\"phone\":\"" + learner.phoneE164() + "\"", "\"email\":\"" + learner.email() + "\"",
                "\"status\":\"ACTIVE\"", "\"granted\":true");
        String etag = read.getHeaders().get("etag");

        APIGatewayV2HTTPResponse updated = patch(session, etag,
                "{\"fullName\": \"" + NEW_NAME + "\", \"phone\": \"" + NEW_PHONE + "\", \"marketingConsent\": false}");
        assertThat(updated.getStatusCode()).isEqualTo(200);
        assertThat(updated.getHeaders().get("etag")).isNotEqualTo(etag);

        APIGatewayV2HTTPResponse again = journey.get("/v1/profiles/me", session);
        assertThat(again.getBody()).contains("\"fullName\":\"" + NEW_NAME + "\"", "\"phone\":\"" + NEW_PHONE_E164 + "\"",
                "\"marketingConsent\":{\"granted\":false");
        assertThat(Json.read(again.getBody(), ProfileView.class).consentHistory()).as("a history of two")
                .extracting(ProfileView.MarketingConsentView::granted).containsExactly(true, false);
        List<String> events = AuditTrail.eventsOf(plainDynamoDb, profileIdIn(again));
        assertThat(events).hasSize(6);
        assertThat(events.subList(0, 3)).containsExactly("PROFILE_CREATED", "EMAIL_VERIFIED", "SIGNED_IN");
        assertThat(events.subList(3, 6)).as("one update, three changes")
                .containsExactlyInAnyOrder("NAME_CHANGED", "PHONE_CHANGED", "MARKETING_CONSENT_CHANGED");
    }

    @Test
    void rawTables_afterUpdatesAndAnEmailChange_holdNoPlaintextPii() {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner newAddress = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");
        String name = TestLearners.pii("Đặng Thu Thảo");
        assertThat(patch(session, etag, Json.of(Map.of("fullName", name, "email", newAddress.email())))
                .getStatusCode()).isEqualTo(200);

        etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");
        assertThat(patch(session, etag, Json.of(Map.of("consents", Map.of(ConsentPurpose.SURVEYS, true))))
                .getStatusCode()).isEqualTo(200);

        String everything = RawTables.everything(plainDynamoDb);

        assertThat(everything).doesNotContain(learner.fullName(), name, learner.email(),
                newAddress.email(), learner.phoneE164());
        // What a learner agreed to is theirs too: the answers are encrypted with the name.
        assertThat(everything).doesNotContain(ConsentPurpose.SURVEYS, ConsentPurpose.NEWS_AND_OFFERS, "signup-form");
    }

    @Test
    void aPatchWithdrawingNews_recordsASecondAnswer_andTheProfileAndExportShowEveryPurposeWithItsHistory() {
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String inForce = update.getApplicationContext().getBean(PolicyInForce.class).versionId().orElse(null);
        ProfileView signedUp = Json.read(journey.get("/v1/profiles/me", session).getBody(), ProfileView.class);
        assertThat(signedUp.consents()).extracting(ProfileView.PurposeConsentView::purposeId,
                ProfileView.PurposeConsentView::answer).startsWith(
                tuple(ConsentPurpose.NEWS_AND_OFFERS, "yes"), tuple(ConsentPurpose.SURVEYS, "never-asked"),
                tuple(ConsentPurpose.PHONE_ADVICE, "never-asked"));
        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);

        APIGatewayV2HTTPResponse withdrawn = patch(session, read.getHeaders().get("etag"), Json.of(Map.of(
                "consents", Map.of(ConsentPurpose.NEWS_AND_OFFERS, false, ConsentPurpose.SURVEYS, true))));

        assertThat(withdrawn.getStatusCode()).isEqualTo(200);
        APIGatewayV2HTTPResponse export = journey.get("/v1/profiles/me/export", session);
        ProfileView exported = Json.read(export.getBody(), ProfileView.class);
        ProfileView.PurposeConsentView news = purpose(exported, ConsentPurpose.NEWS_AND_OFFERS);
        assertThat(news.answer()).isEqualTo("no");
        assertThat(news.history()).extracting(ProfileView.AnswerView::granted, ProfileView.AnswerView::channel,
                ProfileView.AnswerView::policyVersion).containsExactly(tuple(true, "signup-form", inForce),
                tuple(false, "profile", inForce));
        assertThat(news.history().get(1).answeredAt()).isAfterOrEqualTo(news.history().get(0).answeredAt());
        assertThat(purpose(exported, ConsentPurpose.SURVEYS).history())
                .extracting(ProfileView.AnswerView::granted, ProfileView.AnswerView::channel)
                .containsExactly(tuple(true, "profile"));
        assertThat(purpose(exported, ConsentPurpose.PHONE_ADVICE).answer()).isEqualTo("never-asked");
        assertThat(exported.marketingConsent().granted()).as("the old field follows news and offers").isFalse();
        assertThat(AuditTrail.eventsOf(plainDynamoDb, exported.profileId()))
                .contains("MARKETING_CONSENT_CHANGED", "PURPOSE_CONSENT_CHANGED");
    }

    @Test
    void anAnswerToAPurposeNobodyAsks_isA422WithItsCode_andTheProfileIsUnchanged() {
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);

        APIGatewayV2HTTPResponse refused = patch(session, read.getHeaders().get("etag"), Json.of(Map.of(
                "consents", Map.of(ConsentPurpose.SURVEYS, true, "astrology-tips", true))));

        assertThat(refused.getStatusCode()).isEqualTo(422);
        assertThat(Json.fieldErrorsOf(refused.getBody())).extracting(entry -> entry.subList(0, 3))
                .containsExactly(List.of("consents", "/consents", "unknown-purpose"));
        assertThat(refused.getBody()).doesNotContain("astrology");
        assertThat(journey.get("/v1/profiles/me", session).getBody()).isEqualTo(read.getBody());
    }

    @Test
    void aPurposeStaffAdded_isListedInTheProfile_andCanBeAnswered() {
        String purposeId = "workshops-" + UUID.randomUUID().toString().substring(0, 8);
        update.getApplicationContext().getBean(ConsentPurposeStore.class).add(new ConsentPurposeDraft(purposeId,
                        "Hội thảo", "Workshops", "Mời tham dự hội thảo.", "Invitations to workshops."),
                "arn:aws:iam::123456789012:role/staff", Map.of("actor", "arn:aws:iam::123456789012:role/staff"));
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);
        assertThat(purpose(Json.read(read.getBody(), ProfileView.class), purposeId).answer()).isEqualTo("never-asked");

        APIGatewayV2HTTPResponse answered = patch(session, read.getHeaders().get("etag"),
                Json.of(Map.of("consents", Map.of(purposeId, true))));

        assertThat(answered.getStatusCode()).isEqualTo(200);
        assertThat(purpose(Json.read(answered.getBody(), ProfileView.class), purposeId).answer()).isEqualTo("yes");
    }

    private static ProfileView.PurposeConsentView purpose(ProfileView view, String purposeId) {
        return view.consents().stream().filter(consent -> consent.purposeId().equals(purposeId)).findFirst()
                .orElseThrow();
    }

    @Test
    void export_isTheSameData_asADownload() {
        String session = journey.signedUpAndSignedIn(TestLearners.next());

        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);
        APIGatewayV2HTTPResponse export = journey.get("/v1/profiles/me/export", session);

        assertThat(export.getStatusCode()).isEqualTo(200);
        assertThat(export.getHeaders().get("content-disposition")).startsWith("attachment;");
        assertThat(export.getBody()).isEqualTo(read.getBody());
    }

    @Test
    void staleIfMatch_gets412_andChangesNothing() {
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);
        String etag = read.getHeaders().get("etag");
        assertThat(patch(session, etag, Json.of(Map.of("fullName", "Trần Minh Khoa"))).getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse stale = patch(session, etag, Json.of(Map.of("fullName", "Trần Minh Quân")));

        assertThat(stale.getStatusCode()).isEqualTo(412);
        assertThat(journey.get("/v1/profiles/me", session).getBody()).contains("Trần Minh Khoa").doesNotContain("Quân");
    }

    @Test
    void missingIfMatch_gets428() {
        String session = journey.signedUpAndSignedIn(TestLearners.next());

        assertThat(patch(session, null, Json.of(Map.of("fullName", "Trần Minh Khoa"))).getStatusCode()).isEqualTo(428);
    }

    @Test
    void badUpdate_getsAProblem_andChangesNothing() {
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);
        String etag = read.getHeaders().get("etag");

        assertThat(patch(session, etag, Json.of(Map.of("status", "ACTIVE"))).getStatusCode()).isEqualTo(422);
        assertThat(patch(session, etag, Json.of(Map.of("phone", "12"))).getStatusCode()).isEqualTo(422);
        assertThat(patch(session, etag, "{}").getStatusCode()).isEqualTo(422);
        assertThat(journey.get("/v1/profiles/me", session).getBody()).isEqualTo(read.getBody());
    }

    @Test
    void anEditWithSeveralProblems_getsOne422ListingEach_withItsCodeAndPointer_inTheLanguageAskedFor() {
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);
        String body = "{\"fullName\": \" \", \"phone\": null, \"email\": \"lan@\", \"marketingConsent\": \"yes\","
                + " \"nickname\": \"Lan\"}";

        APIGatewayV2HTTPResponse refused = update.handleRequest(ApiEvents.request("PATCH", "/v1/profiles/me",
                Map.of("authorization", "Bearer " + session, "content-type", "application/json",
                        "if-match", read.getHeaders().get("etag"), "accept-language", "en"), body), null);

        assertThat(refused.getStatusCode()).isEqualTo(422);
        assertThat(refused.getHeaders()).containsEntry("content-language", "en");
        assertThat(Json.fieldErrorsOf(refused.getBody())).containsExactly(
                List.of("", "", "unknown-field", "this request takes only consents, email, fullName, marketingConsent, phone"),
                List.of("email", "/email", "invalid-email", "must be a valid email address"),
                List.of("fullName", "/fullName", "blank", "must not be blank"),
                List.of("marketingConsent", "/marketingConsent", "wrong-type", "must be true or false"),
                List.of("phone", "/phone", "wrong-type", "must be a string"));
        assertThat(refused.getBody()).doesNotContain("nickname", "lan@", "yes");
        assertThat(journey.get("/v1/profiles/me", session).getBody()).isEqualTo(read.getBody());
    }

    @Test
    void twoConcurrentUpdates_withOneVersion_exactlyOneWins() throws Exception {
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        String etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");
        List<APIGatewayV2HTTPResponse> answers = AtOnce.both(
                () -> patch(session, etag, Json.of(Map.of("fullName", "Phạm Văn Một"))),
                () -> patch(session, etag, Json.of(Map.of("fullName", "Phạm Văn Hai"))));

        assertThat(answers).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactlyInAnyOrder(200, 412);
    }

    @Test
    void signInLink_worksOnce() {
        TestLearners.Learner learner = TestLearners.next();
        journey.signedUpAndSignedIn(learner);
        journey.requestLink(learner.email());
        String token = LearnerJourney.latestTokenTo(learner.email());

        assertThat(journey.startSession(token).getStatusCode()).isEqualTo(201);
        assertThat(journey.startSession(token).getStatusCode()).isEqualTo(400);
    }

    @Test
    void signInLink_clickedTwiceAtOnce_worksExactlyOnce() throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        String profileId = profileIdIn(journey.get("/v1/profiles/me", journey.signedUpAndSignedIn(learner)));
        journey.requestLink(learner.email());
        String token = LearnerJourney.latestTokenTo(learner.email());
        List<String> sessionsBefore = sessionsOf(profileId);

        List<APIGatewayV2HTTPResponse> clicks = AtOnce.twice(() -> journey.startSession(token));

        assertThat(clicks).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactlyInAnyOrder(201, 400);
        assertThat(clicks).filteredOn(click -> click.getStatusCode() == 400).singleElement()
                .satisfies(used -> assertThat(used.getBody()).contains("invalid-link"));
        String session = clicks.stream().filter(click -> click.getStatusCode() == 201)
                .map(click -> LearnerJourney.field(click.getBody(), "sessionToken")).findFirst().orElseThrow();
        assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).isEqualTo(200);
        assertThat(sessionsOf(profileId)).as("sessions after the two clicks").hasSize(sessionsBefore.size() + 1);
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileId)).filteredOn("SIGNED_IN"::equals)
                .as("sign-ins: the journey's, then this link's").hasSize(2);
    }

    @Test
    void signInLink_afterItExpires_isRefused() {
        TestLearners.Learner learner = TestLearners.next();
        journey.signedUpAndSignedIn(learner);
        journey.requestLink(learner.email());
        String token = LearnerJourney.latestTokenTo(learner.email());

        CLOCK.advance(Duration.ofMinutes(16));
        try {
            assertThat(journey.startSession(token).getStatusCode()).isEqualTo(400);
        } finally {
            CLOCK.advance(Duration.ofMinutes(-16));
        }
    }

    @Test
    void tokenOfAnotherPurpose_isRefused() {
        TestLearners.Learner learner = TestLearners.next();
        journey.signUp(learner);
        String verificationToken = LearnerJourney.latestTokenTo(learner.email());

        assertThat(journey.startSession(verificationToken).getStatusCode()).isEqualTo(400);
        assertThat(journey.get("/v1/profiles/me", verificationToken).getStatusCode()).isEqualTo(401);
    }

    @Test
    void everyInvalidSession_getsTheSame401() {
        TestLearners.Learner learner = TestLearners.next();
        String signedOut = journey.signedUpAndSignedIn(learner);
        assertThat(update.handleRequest(ApiEvents.request("DELETE", "/v1/sessions/current",
                Map.of("authorization", "Bearer " + signedOut), null), null).getStatusCode()).isEqualTo(204);

        List<APIGatewayV2HTTPResponse> refusals = new ArrayList<>();
        refusals.add(update.handleRequest(ApiEvents.request("GET", "/v1/profiles/me", Map.of(), null), null));
        refusals.add(withAuthorization("GET", "/v1/profiles/me", "Basic dXNlcjpwYXNz"));
        refusals.add(withAuthorization("GET", "/v1/profiles/me", "Bearer not-a-token"));
        refusals.add(journey.get("/v1/profiles/me", "A".repeat(43)));
        refusals.add(journey.get("/v1/profiles/me", signedOut));
        refusals.add(withAuthorization("PATCH", "/v1/profiles/me", "Bearer " + signedOut));
        refusals.add(withAuthorization("GET", "/v1/profiles/me/export", "Bearer " + signedOut));
        refusals.add(withAuthorization("DELETE", "/v1/sessions/current", "Bearer " + signedOut));

        for (APIGatewayV2HTTPResponse refusal : refusals) {
            assertThat(refusal.getStatusCode()).isEqualTo(401);
            assertThat(refusal.getHeaders()).isEqualTo(refusals.get(0).getHeaders());
            assertThat(withoutRequestId(refusal.getBody())).isEqualTo(withoutRequestId(refusals.get(0).getBody()));
        }
    }

    @Test
    void idleSession_ends_afterTheIdleTimeout_butUseKeepsItAlive() {
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        try {
            CLOCK.advance(Duration.ofMinutes(29));
            assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).isEqualTo(200);
            CLOCK.advance(Duration.ofMinutes(29));
            assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).isEqualTo(200);
            CLOCK.advance(Duration.ofMinutes(31));
            assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).isEqualTo(401);
        } finally {
            CLOCK.advance(Duration.ofMinutes(-89));
        }
    }

    @Test
    void busySession_ends_atItsAbsoluteExpiry() {
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        Duration moved = Duration.ZERO;
        try {
            while (moved.compareTo(Duration.ofHours(12).minusMinutes(20)) < 0) {
                CLOCK.advance(Duration.ofMinutes(20));
                moved = moved.plusMinutes(20);
                assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).as("after %s", moved).isEqualTo(200);
            }
            CLOCK.advance(Duration.ofMinutes(20));
            moved = moved.plusMinutes(20);
            assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).as("after %s", moved).isEqualTo(401);
        } finally {
            CLOCK.advance(moved.negated());
        }
    }

    @Test
    void sessionOfOneLearner_neverReachesAnother() {
        TestLearners.Learner a = TestLearners.next();
        TestLearners.Learner b = TestLearners.next();
        String sessionA = journey.signedUpAndSignedIn(a);
        String sessionB = journey.signedUpAndSignedIn(b);
        APIGatewayV2HTTPResponse readB = journey.get("/v1/profiles/me", sessionB);
        String idB = profileIdIn(readB);

        // No route takes a profile id from a learner (API Gateway answers 404 to /v1/profiles/{id} itself):
        // what A's session reads and changes is A's profile, whatever else the request says.
        assertThat(journey.get("/v1/profiles/me", sessionA).getBody()).contains(a.email()).doesNotContain(b.email(), idB);
        assertThat(journey.get("/v1/profiles/me/export", sessionA).getBody()).contains(a.email())
                .doesNotContain(b.email(), idB);
        assertThatThrownBy(() -> ApiEvents.request("GET", "/v1/profiles/" + idB, Map.of(), null))
                .hasMessageContaining("API Gateway answers 404 itself");
        // A's session with B's version changes A (or nothing), never B.
        patch(sessionA, readB.getHeaders().get("etag"), Json.of(Map.of("fullName", "Kẻ Lạ")));
        assertThat(journey.get("/v1/profiles/me", sessionB).getBody()).isEqualTo(readB.getBody());
    }

    @Test
    void emailChange_takesEffectWhenTheNewAddressConfirms_andTheOldOneIsTold() {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner newAddress = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");

        APIGatewayV2HTTPResponse changed = patch(session, etag, Json.of(Map.of("email", newAddress.email())));
        assertThat(changed.getStatusCode()).isEqualTo(200);
        assertThat(changed.getBody()).contains("\"email\":\"" + learner.email() + "\"",
                "\"pendingEmail\":\"" + newAddress.email() + "\"");
        Outbox.Mail confirmation = Outbox.onlyMailTo(newAddress.email());
        assertThat(confirmation.subject()).contains("Confirm your new email");

        APIGatewayV2HTTPResponse confirmed = update.handleRequest(ApiEvents.post("/v1/email-changes/confirmation",
                "application/json", Json.of(Map.of("token", Outbox.tokenIn(confirmation)))), null);

        assertThat(confirmed.getStatusCode()).isEqualTo(200);
        assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).as("sessions end with the change").isEqualTo(401);
        assertThat(journey.get("/v1/profiles/me", journey.signIn(newAddress.email())).getBody())
                .contains("\"email\":\"" + newAddress.email() + "\"").doesNotContain("pendingEmail\":\"");
        assertThat(Outbox.mailTo(learner.email())).last()
                .satisfies(mail -> assertThat(mail.subject()).contains("email has changed"));
        // The address moved: the new one signs in, the old one no longer does.
        int mailsToOld = Outbox.mailTo(learner.email()).size();
        journey.requestLink(learner.email());
        journey.requestLink(newAddress.email());
        assertThat(Outbox.mailTo(learner.email())).hasSize(mailsToOld);
        assertThat(Outbox.mailTo(newAddress.email())).last()
                .satisfies(mail -> assertThat(mail.subject()).contains("sign-in link"));
    }

    @Test
    void emailChangeLink_clickedTwiceAtOnce_worksExactlyOnce() throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner newAddress = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);
        patch(session, read.getHeaders().get("etag"), Json.of(Map.of("email", newAddress.email())));
        String token = Outbox.tokenIn(Outbox.onlyMailTo(newAddress.email()));
        int mailsToOld = Outbox.mailTo(learner.email()).size();

        List<APIGatewayV2HTTPResponse> clicks = AtOnce.twice(() -> confirmEmailChange(token));

        assertThat(clicks).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactlyInAnyOrder(200, 400);
        assertThat(clicks).filteredOn(click -> click.getStatusCode() == 400).singleElement()
                .satisfies(used -> assertThat(used.getBody()).contains("invalid-link"));
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileIdIn(read))).containsOnlyOnce("EMAIL_CHANGED");
        assertThat(Outbox.mailTo(learner.email())).as("one notice, with its undo link, to the old address")
                .hasSize(mailsToOld + 1);
        assertThat(journey.get("/v1/profiles/me", journey.signIn(newAddress.email())).getBody())
                .contains("\"email\":\"" + newAddress.email() + "\"");
    }

    @Test
    void emailChange_fromASessionOlderThanTheSignInWindow_isRefused_untilTheLearnerSignsInAgain() {
        TestLearners.Learner learner = TestLearners.next();
        String newAddress = TestLearners.next().email();
        String oldSession = journey.signedUpAndSignedIn(learner);
        CLOCK.advance(Duration.ofMinutes(11));
        try {
            String etag = journey.get("/v1/profiles/me", oldSession).getHeaders().get("etag");

            APIGatewayV2HTTPResponse refused = patch(oldSession, etag, Json.of(Map.of("email", newAddress)));

            assertThat(refused.getStatusCode()).isEqualTo(403);
            assertThat(refused.getBody()).contains("urn:learner-profiles:problem:sign-in-again");
            assertThat(Outbox.mailTo(newAddress)).isEmpty();
            assertThat(journey.get("/v1/profiles/me", oldSession).getHeaders().get("etag")).isEqualTo(etag);
            assertThat(patch(oldSession, etag, Json.of(Map.of("fullName", NEW_NAME))).getStatusCode())
                    .as("other changes need no fresh sign-in").isEqualTo(200);

            String freshSession = journey.signIn(learner.email());
            String fresh = journey.get("/v1/profiles/me", freshSession).getHeaders().get("etag");
            assertThat(patch(freshSession, fresh, Json.of(Map.of("email", newAddress))).getStatusCode()).isEqualTo(200);
        } finally {
            CLOCK.advance(Duration.ofMinutes(-11));
        }
    }

    @Test
    void emailChange_confirmed_endsEverySession_andEveryEarlierLink() {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner newAddress = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String otherSession = journey.signIn(learner.email());
        journey.requestLink(learner.email());
        String unusedLink = LearnerJourney.latestTokenTo(learner.email());
        patch(session, journey.get("/v1/profiles/me", session).getHeaders().get("etag"),
                Json.of(Map.of("email", newAddress.email())));

        assertThat(update.handleRequest(ApiEvents.post("/v1/email-changes/confirmation", "application/json",
                Json.of(Map.of("token", Outbox.tokenIn(Outbox.onlyMailTo(newAddress.email()))))), null)
                .getStatusCode()).isEqualTo(200);

        assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).isEqualTo(401);
        assertThat(journey.get("/v1/profiles/me", otherSession).getStatusCode()).isEqualTo(401);
        assertThat(journey.startSession(unusedLink).getBody()).contains("invalid-link");
        assertThat(journey.get("/v1/profiles/me", journey.signIn(newAddress.email())).getStatusCode()).isEqualTo(200);
    }

    @Test
    void signOutEverywhere_endsEverySessionOfTheLearner_andNobodyElses() {
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String otherSession = journey.signIn(learner.email());
        String someoneElse = journey.signedUpAndSignedIn(TestLearners.next());

        APIGatewayV2HTTPResponse answer = update.handleRequest(ApiEvents.request("DELETE", "/v1/sessions",
                Map.of("authorization", "Bearer " + session), null), null);

        assertThat(answer.getStatusCode()).isEqualTo(204);
        assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).isEqualTo(401);
        assertThat(journey.get("/v1/profiles/me", otherSession).getStatusCode()).isEqualTo(401);
        assertThat(journey.get("/v1/profiles/me", someoneElse).getStatusCode()).isEqualTo(200);
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileIdIn(journey.get("/v1/profiles/me",
                journey.signIn(learner.email()))))).contains("SIGNED_OUT_EVERYWHERE");
    }

    @Test
    void emailChange_toAnAddressAnotherLearnerOwns_looksTheSame_andItsOwnerIsTold() {
        TestLearners.Learner owner = TestLearners.next();
        journey.signedUpAndSignedIn(owner);
        int ownersMails = Outbox.mailTo(owner.email()).size();
        TestLearners.Learner free = TestLearners.next();
        String sessionA = journey.signedUpAndSignedIn(TestLearners.next());
        String sessionB = journey.signedUpAndSignedIn(TestLearners.next());

        APIGatewayV2HTTPResponse toFree = patch(sessionA, journey.get("/v1/profiles/me", sessionA).getHeaders().get("etag"),
                Json.of(Map.of("email", free.email())));
        APIGatewayV2HTTPResponse toTaken = patch(sessionB, journey.get("/v1/profiles/me", sessionB).getHeaders().get("etag"),
                Json.of(Map.of("email", owner.email())));

        assertThat(toTaken.getStatusCode()).isEqualTo(toFree.getStatusCode());
        assertThat(toTaken.getHeaders().keySet()).isEqualTo(toFree.getHeaders().keySet());
        assertThat(toTaken.getBody()).contains("\"pendingEmail\":\"" + owner.email() + "\"");
        List<Outbox.Mail> toOwner = Outbox.mailTo(owner.email());
        assertThat(toOwner).hasSize(ownersMails + 1);
        assertThat(toOwner.get(toOwner.size() - 1).subject()).contains("Someone tried to use your email");
        assertThat(toOwner.get(toOwner.size() - 1).text()).doesNotContain("#token=");
    }

    @Test
    void signInLinkRequest_answersTheSame_forKnownAndUnknownEmails() {
        TestLearners.Learner known = TestLearners.next();
        journey.signedUpAndSignedIn(known);

        APIGatewayV2HTTPResponse forKnown = journey.requestLink(known.email());
        APIGatewayV2HTTPResponse forUnknown = journey.requestLink(TestLearners.next().email());

        assertThat(forKnown.getStatusCode()).isEqualTo(202);
        assertThat(forUnknown.getStatusCode()).isEqualTo(forKnown.getStatusCode());
        assertThat(forUnknown.getHeaders()).isEqualTo(forKnown.getHeaders());
        assertThat(forUnknown.getBody()).isEqualTo(forKnown.getBody());
    }

    /** Known email or not, a sign-in link request is answered no sooner than the response floor (see ResponseFloorTest). */
    @Test
    void signInLinkRequest_forAKnownOrAnUnknownEmail_isHeldByTheResponseFloor() {
        TestLearners.Learner known = TestLearners.next();
        journey.signedUpAndSignedIn(known);
        int mails = Outbox.mailTo(known.email()).size();
        HeldRequests floor = new HeldRequests();
        try (UpdateFunction held = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction", CLOCK, floor))) {
            LearnerJourney throughTheFloor = LearnerJourney.signingUpBy(
                    LearnerSetUp.signups(held.getApplicationContext()), held);

            floor.heldOnce("a known email's request", () -> throughTheFloor.requestLink(known.email()));
            floor.heldOnce("an unknown email's request", () -> throughTheFloor.requestLink(TestLearners.next().email()));
        }
        assertThat(Outbox.mailTo(known.email())).as("the known learner's link").hasSize(mails + 1);
    }

    @Test
    void signInLinkRequest_whenTheTokenCannotBeStored_answersAsForAnUnknownEmail() {
        TestLearners.Learner known = TestLearners.next();
        journey.signedUpAndSignedIn(known);
        int mails = Outbox.mailTo(known.email()).size();

        // Only a known email's path writes a token: a failure there alone must not show.
        linkRequestAnsweredAsForAnUnknownEmail_sendingNothing(known, "DynamoDb", "PutItem");

        assertThat(journey.requestLink(known.email()).getStatusCode()).isEqualTo(202);
        assertThat(Outbox.mailTo(known.email())).as("asking again works").hasSize(mails + 1);
    }

    @Test
    void signInLinkRequest_whoseMailIsRefused_answersAlike_andLeavesNoLiveLink() {
        TestLearners.Learner known = TestLearners.next();
        String profileId = profileIdIn(journey.get("/v1/profiles/me", journey.signedUpAndSignedIn(known)));

        linkRequestAnsweredAsForAnUnknownEmail_sendingNothing(known, "Ses", "SendRawEmail");

        assertThat(RawTables.itemsMentioning(plainDynamoDb, profileId)).as("no token that no mail carries")
                .noneMatch(item -> item.contains(TokenPurpose.SIGN_IN.keyPrefix()));
        assertThat(journey.requestLink(known.email()).getStatusCode()).isEqualTo(202);
        assertThat(RawTables.itemsMentioning(plainDynamoDb, profileId)).as("a mail sent keeps its token")
                .anyMatch(item -> item.contains(TokenPurpose.SIGN_IN.keyPrefix()));
    }

    @Test
    void emailChangesToOneAddress_pastItsHourlyLimit_areRefused_andSendNothing() {
        TestLearners.Learner learner = TestLearners.next();
        String target = TestLearners.next().email();
        CLOCK.withinOneHour(() -> {
            String session = journey.signedUpAndSignedIn(learner);
            for (int i = 0; i < 5; i++) {
                String etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");
                assertThat(patch(session, etag, Json.of(Map.of("email", target))).getStatusCode()).isEqualTo(200);
            }
            String etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");

            APIGatewayV2HTTPResponse refused = patch(session, etag, Json.of(Map.of("email", target)));

            assertThat(refused.getStatusCode()).isEqualTo(429);
            assertThat(refused.getBody()).contains("urn:learner-profiles:problem:too-many-emails").doesNotContain(target);
            assertThat(Outbox.mailTo(target)).hasSize(5);
            assertThat(journey.get("/v1/profiles/me", session).getHeaders().get("etag")).isEqualTo(etag);
        });
    }

    @Test
    void signInLinks_beyondTheHourlyLimit_areDroppedSilently() {
        TestLearners.Learner learner = TestLearners.next();
        CLOCK.withinOneHour(() -> {
            journey.signedUpAndSignedIn(learner);
            int before = Outbox.mailTo(learner.email()).size();

            for (int i = 0; i < 7; i++) {
                assertThat(journey.requestLink(learner.email()).getStatusCode()).isEqualTo(202);
            }

            // The sign-in above used one link of this hour's five.
            assertThat(Outbox.mailTo(learner.email())).hasSize(before + 4);
        });
    }

    @Test
    void signInLinkRequests_forAnEmailNobodyHasYet_countTowardItsHourlyLimit() {
        TestLearners.Learner learner = TestLearners.next();
        CLOCK.withinOneHour(() -> {
            for (int i = 0; i < 3; i++) {
                journey.requestLink(learner.email());
            }
            journey.signedUpAndSignedIn(learner);
            int before = Outbox.mailTo(learner.email()).size();

            for (int i = 0; i < 3; i++) {
                journey.requestLink(learner.email());
            }

            // Five an hour: three asked before the address was anyone's, one for the sign-in above, one left.
            assertThat(Outbox.mailTo(learner.email())).hasSize(before + 1);
        });
    }

    @Test
    void emailChange_whenSesRefusesAfterTheCommit_isDone_andTheOutboxSendsTheLinkOnce() {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner newAddress = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");

        APIGatewayV2HTTPResponse changed = AwsFaults.throttling("Ses", "SendRawEmail",
                () -> patch(session, etag, Json.of(Map.of("email", newAddress.email()))));

        assertThat(changed.getStatusCode()).as("the change is committed; its mail waits").isEqualTo(200);
        assertThat(changed.getBody()).contains("\"pendingEmail\":\"" + newAddress.email() + "\"");
        assertThat(Outbox.mailTo(newAddress.email())).isEmpty();
        assertThat(outboxRun()).as("not due before the retry delay").isZero();
        CLOCK.advance(Duration.ofMinutes(3));
        try {
            assertThat(outboxRun()).isEqualTo(1);
            assertThat(outboxRun()).as("sent once").isZero();
            Outbox.Mail confirmation = Outbox.onlyMailTo(newAddress.email());
            APIGatewayV2HTTPResponse confirmed = update.handleRequest(ApiEvents.post("/v1/email-changes/confirmation",
                    "application/json", Json.of(Map.of("token", Outbox.tokenIn(confirmation)))), null);
            assertThat(confirmed.getStatusCode()).isEqualTo(200);
        } finally {
            CLOCK.advance(Duration.ofMinutes(-3));
        }
    }

    /**
     * The commit's first attempt did its work but its answer was lost; the SDK's retry then fails its
     * condition on the change the first attempt made. The profile read back tells the change is this
     * request's own: it is answered as done, once, not refused as stale.
     */
    @Test
    void emailChange_whoseCommitsAnswerWasLost_isAnsweredAsDone_withOneChangeAndOneMail() throws IOException {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner newAddress = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        APIGatewayV2HTTPResponse before = journey.get("/v1/profiles/me", session);
        String etag = before.getHeaders().get("etag");

        AwsFaults.Faulted<APIGatewayV2HTTPResponse> changed = AwsFaults.answerLost(
                "DynamoDb.TransactWriteItems AuditTable+LookupTable+ProfilesTable",
                () -> patch(session, etag, Json.of(Map.of("email", newAddress.email()))));

        assertThat(changed.fired()).as("the commit's answer was lost").isTrue();
        assertThat(changed.result().getStatusCode()).as(changed.result().getBody()).isEqualTo(200);
        assertThat(changed.result().getBody()).contains("\"pendingEmail\":\"" + newAddress.email() + "\"");
        long version = Long.parseLong(etag.replace("\"", ""));
        assertThat(journey.get("/v1/profiles/me", session).getHeaders().get("etag")).isEqualTo("\"" + (version + 1) + "\"");
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileIdIn(before))).containsOnlyOnce("EMAIL_CHANGE_REQUESTED");
        assertThat(Outbox.mailTo(newAddress.email())).hasSize(1);
        assertThat(Files.readString(Path.of("target/test-logs/run.log"), StandardCharsets.UTF_8))
                .as("the log names whose commit lost its answer")
                .contains("answer was lost profileId=" + profileIdIn(before));
    }

    @Test
    void signIn_whoseCommitLostItsAnswer_startsTheSession_andTheLinkIsUsed() {
        TestLearners.Learner learner = TestLearners.next();
        journey.signedUpAndSignedIn(learner);
        assertThat(journey.requestLink(learner.email()).getStatusCode()).isEqualTo(202);
        String link = LearnerJourney.latestTokenTo(learner.email());

        AwsFaults.Faulted<APIGatewayV2HTTPResponse> started = AwsFaults.answerLost(
                "DynamoDb.TransactWriteItems AuditTable+LookupTable", () -> journey.startSession(link));

        assertThat(started.fired()).as("the sign-in's commit lost its answer").isTrue();
        assertThat(started.result().getStatusCode()).as(started.result().getBody()).isEqualTo(201);
        String session = LearnerJourney.field(started.result().getBody(), "sessionToken");
        assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).isEqualTo(200);
        assertThat(journey.startSession(link).getStatusCode()).as("the link, used once").isEqualTo(400);
    }

    @Test
    void emailChange_whoseOutboxTakeLostItsAnswer_stillMailsTheNewAddressOnce() {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner newAddress = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");

        AwsFaults.Faulted<APIGatewayV2HTTPResponse> changed = AwsFaults.answerLost("DynamoDb.DeleteItem LookupTable",
                () -> patch(session, etag, Json.of(Map.of("email", newAddress.email()))));
        CLOCK.advance(Duration.ofMinutes(3));
        try {
            outboxRun();
            outboxRun();
        } finally {
            CLOCK.advance(Duration.ofMinutes(-3));
        }

        assertThat(changed.fired()).as("the outbox entry's take lost its answer").isTrue();
        assertThat(changed.result().getStatusCode()).isEqualTo(200);
        assertThat(Outbox.onlyMailTo(newAddress.email()).subject()).contains("Confirm your new email");
    }

    @Test
    void emailChange_replacedBeforeItsMailWentOut_mailsOnlyTheLaterAddress() {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner first = TestLearners.next();
        TestLearners.Learner second = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");
        APIGatewayV2HTTPResponse changed = AwsFaults.throttling("Ses", "SendRawEmail",
                () -> patch(session, etag, Json.of(Map.of("email", first.email()))));
        assertThat(patch(session, changed.getHeaders().get("etag"), Json.of(Map.of("email", second.email())))
                .getStatusCode()).isEqualTo(200);

        CLOCK.advance(Duration.ofMinutes(3));
        try {
            outboxRun();
        } finally {
            CLOCK.advance(Duration.ofMinutes(-3));
        }

        assertThat(Outbox.mailTo(first.email())).as("a change of mind voids the earlier mail").isEmpty();
        assertThat(Outbox.onlyMailTo(second.email()).subject()).contains("Confirm your new email");
    }

    @Test
    void emailChange_madeAgain_voidsTheLinkAlreadyMailedForTheEarlierAddress() {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner first = TestLearners.next();
        TestLearners.Learner second = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");
        APIGatewayV2HTTPResponse changed = patch(session, etag, Json.of(Map.of("email", first.email())));
        String firstLink = Outbox.tokenIn(Outbox.onlyMailTo(first.email()));
        assertThat(patch(session, changed.getHeaders().get("etag"), Json.of(Map.of("email", second.email())))
                .getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse earlier = confirmEmailChange(firstLink);
        APIGatewayV2HTTPResponse later = confirmEmailChange(Outbox.tokenIn(Outbox.onlyMailTo(second.email())));

        assertThat(earlier.getStatusCode()).as("the first address's link, mailed before the second change")
                .isEqualTo(400);
        assertThat(later.getStatusCode()).as(later.getBody()).isEqualTo(200);
        assertThat(journey.get("/v1/profiles/me", journey.signIn(second.email())).getBody())
                .contains("\"email\":\"" + second.email() + "\"");
    }

    private static APIGatewayV2HTTPResponse confirmEmailChange(String token) {
        return update.handleRequest(ApiEvents.post("/v1/email-changes/confirmation", "application/json",
                Json.of(Map.of("token", token))), null);
    }

    /** One scheduled run of the mail outbox, as EventBridge Scheduler invokes it. */
    private static int outboxRun() {
        try (MailOutboxFunction outbox = new MailOutboxFunction(LocalAwsExtension.contextOf("MailOutboxFunction", CLOCK))) {
            return outbox.handleRequest(Map.of("trigger", "schedule"), null);
        }
    }

    private static APIGatewayV2HTTPResponse withAuthorization(String method, String path, String authorization) {
        return update.handleRequest(ApiEvents.request(method, path, Map.of("authorization", authorization), null), null);
    }

    private static APIGatewayV2HTTPResponse patch(String session, String ifMatch, String json) {
        return journey.patch(session, ifMatch, json);
    }

    @Test
    void profileChangedInTheTable_isRefusedAsAnIntegrityFailure_notAsAnOutage() throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String profileId = profileIdIn(journey.get("/v1/profiles/me", session));
        // A signed attribute changed behind the system's back, as someone with table access could.
        plainDynamoDb.updateItem(request -> request.tableName(LocalAwsExtension.aws().physicalId("ProfilesTable"))
                .key(Map.of("profileId", AttributeValue.fromS(profileId)))
                .updateExpression("SET createdAt = :then")
                .expressionAttributeValues(Map.of(":then", AttributeValue.fromS("2020-01-01T00:00:00Z"))));

        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);

        assertThat(read.getStatusCode()).isEqualTo(500);
        assertThat(read.getBody()).contains("urn:learner-profiles:problem:integrity")
                .doesNotContain("try again", learner.email(), learner.fullName());
        assertThat(Files.readAllLines(Path.of("target/test-logs/run.log"), StandardCharsets.UTF_8))
                .anySatisfy(line -> assertThat(line).contains("\"securityEvent\":\"stored-item-integrity\"",
                        "profileId=" + profileId, "\"level\":\"ERROR\""));
    }

    /** A sign-in link request for a known email with one AWS operation failing: the answer an unknown email gets, and no mail. */
    private static void linkRequestAnsweredAsForAnUnknownEmail_sendingNothing(TestLearners.Learner known,
                                                                           String service, String operation) {
        int mails = Outbox.mailTo(known.email()).size();

        APIGatewayV2HTTPResponse forKnown = AwsFaults.throttling(service, operation,
                () -> journey.requestLink(known.email()));
        APIGatewayV2HTTPResponse forUnknown = journey.requestLink(TestLearners.next().email());

        assertThat(forKnown.getStatusCode()).isEqualTo(202).isEqualTo(forUnknown.getStatusCode());
        assertThat(forKnown.getBody()).isEqualTo(forUnknown.getBody());
        assertThat(Outbox.mailTo(known.email())).as("no link without its token, nor any mail").hasSize(mails);
    }

    /** The learner's sessions as stored, raw. */
    private static List<String> sessionsOf(String profileId) {
        return RawTables.itemsMentioning(plainDynamoDb, profileId).stream()
                .filter(item -> item.contains(TokenPurpose.SESSION.keyPrefix())).toList();
    }

    private static String profileIdIn(APIGatewayV2HTTPResponse read) {
        return LearnerJourney.field(read.getBody(), "profileId");
    }

    private static String withoutRequestId(String body) {
        return body.replaceAll("\"requestId\":\"[^\"]*\"", "");
    }
}
