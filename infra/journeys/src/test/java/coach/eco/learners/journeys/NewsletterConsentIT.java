package coach.eco.learners.journeys;

import coach.eco.learners.profile.ProfileView;
import coach.eco.learners.policy.PolicyFunction;
import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.staff.StaffFunction;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AtOnce;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.FunctionsUnderTest;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.PolicyStaff;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.account.UpdateFunction;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The newsletter consent across functions: the version staff published last is the one a consent
 * given at signup or on edit records, and the unsubscribe URL staff mint for the newsletter turns
 * it off in one click.
 */
@ExtendWith(LocalAwsExtension.class)
class NewsletterConsentIT {
    private static final FunctionsUnderTest FUNCTIONS = new FunctionsUnderTest();

    private static PolicyFunction policy;
    private static StaffFunction staffFunction;
    private static PolicyStaff staff;
    private static LearnerJourney journey;
    private static UpdateFunction update;
    private static DynamoDbClient plainDynamoDb;

    @BeforeAll
    static void start() {
        policy = FUNCTIONS.start(PolicyFunction::new, "PolicyFunction");
        staffFunction = FUNCTIONS.start(StaffFunction::new, "StaffFunction");
        staff = new PolicyStaff(staffFunction);
        update = FUNCTIONS.start(UpdateFunction::new, "UpdateFunction");
        journey = new LearnerJourney(FUNCTIONS.start(SignupFunction::new, "SignupFunction"), update);
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() throws Exception {
        plainDynamoDb.close();
        FUNCTIONS.close();
    }

    @Test
    void newsletterConsent_atSignupAndOnEdit_recordsTheVersionPublishedLatest() {
        String inForceAtSignup = staff.published("notice");
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        String inForceAtEdit = staff.published("notice");
        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);

        APIGatewayV2HTTPResponse edited = journey.patch(session, read.getHeaders().get("etag"),
                Json.of(Map.of("marketingConsent", false)));

        assertThat(edited.getStatusCode()).as(edited.getBody()).isEqualTo(200);
        assertThat(journey.get("/v1/profiles/me", session).getBody()).contains(
                "{\"granted\":true,\"policyVersion\":\"" + inForceAtSignup + "\"",
                "{\"granted\":false,\"policyVersion\":\"" + inForceAtEdit + "\"");
    }

    @Test
    void oneClickUnsubscribe_turnsTheNewsletterOff_withoutSession_once_andRecordsIt() {
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String token = unsubscribeTokenOf(session);

        APIGatewayV2HTTPResponse first = oneClick(token);
        APIGatewayV2HTTPResponse second = oneClick(token);

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(second.getStatusCode()).isEqualTo(200);
        String me = journey.get("/v1/profiles/me", session).getBody();
        assertThat(me).contains("\"marketingConsent\":{\"granted\":false");
        ProfileView view = Json.read(me, ProfileView.class);
        assertThat(view.consentHistory()).as("one 'no' in the consent history")
                .extracting(ProfileView.MarketingConsentView::granted).containsExactly(true, false);
        assertThat(view.consents().get(0).history()).as("the news answers, the click recorded as a mail link")
                .extracting(ProfileView.AnswerView::granted, ProfileView.AnswerView::channel)
                .containsExactly(tuple(true, "signup-form"), tuple(false, "mail-link"));
        assertThat(oneClick("not-a-token").getStatusCode()).as("a URL this service never makes").isEqualTo(404);
    }

    /** A repeated click changes nothing, so two at once are both answered 200: the "no" is recorded once. */
    @Test
    void oneClickUnsubscribe_clickedTwiceAtOnce_answersBoth_andRecordsTheNoOnce() throws Exception {
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        String profileId = Json.field(journey.get("/v1/profiles/me", session).getBody(), "profileId");
        String token = unsubscribeTokenOf(session);

        List<APIGatewayV2HTTPResponse> clicks = AtOnce.twice(() -> oneClick(token));

        assertThat(clicks).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactly(200, 200);
        ProfileView view = Json.read(journey.get("/v1/profiles/me", session).getBody(), ProfileView.class);
        assertThat(view.consents().get(0).history()).as("the news answers: the signup's yes, then one no")
                .extracting(ProfileView.AnswerView::granted).containsExactly(true, false);
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileId)).containsOnlyOnce("MARKETING_CONSENT_CHANGED");
    }

    @Test
    void aLinkWhoseLearnerIsGone_answersAsOneThatWorked_andALinkOutlivesAnEmailChange() {
        APIGatewayV2HTTPResponse worked = oneClick(unsubscribeTokenOf(journey.signedUpAndSignedIn(TestLearners.next())));
        APIGatewayV2HTTPResponse noLongerKnown = oneClick(OneTimeToken.generate().value());
        assertThat(noLongerKnown.getStatusCode()).isEqualTo(200);
        assertThat(noLongerKnown.getBody()).isEqualTo(worked.getBody());

        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String token = unsubscribeTokenOf(session);
        String newAddress = TestLearners.next().email();
        String etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");
        assertThat(journey.patch(session, etag, Json.of(Map.of("email", newAddress))).getStatusCode()).isEqualTo(200);
        assertThat(update.handleRequest(ApiEvents.post("/v1/email-changes/confirmation", "application/json",
                Json.of(Map.of("token", Outbox.tokenIn(Outbox.onlyMailTo(newAddress))))), null).getStatusCode())
                .isEqualTo(200);

        assertThat(oneClick(token).getStatusCode()).as("the link of a newsletter sent before the change").isEqualTo(200);
        assertThat(journey.get("/v1/profiles/me", journey.signIn(newAddress)).getBody())
                .contains("\"marketingConsent\":{\"granted\":false");
    }

    /**
     * The URL carries a random token and nothing of the learner (no profile id, no address), and its link
     * lapses 400 days after it was minted: a click then answers alike and changes nothing.
     */
    @Test
    void anUnsubscribeUrl_namesNothingOfTheLearner_andItsLinkLapsesAfter400Days() {
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String profileId = Json.field(journey.get("/v1/profiles/me", session).getBody(), "profileId");
        String url = unsubscribeUrlOf(session);
        String token = tokenOf(url);
        assertThat(url).matches("<https?://[^/]+/v1/newsletter-unsubscribe/[A-Za-z0-9_-]{43}>")
                .doesNotContain(profileId)
                .doesNotContainIgnoringCase(learner.email().substring(0, learner.email().indexOf('@')));
        MutableClock clock = new MutableClock();
        clock.advance(Duration.ofDays(400).plusMinutes(1));

        try (PolicyFunction later = new PolicyFunction(LocalAwsExtension.contextOf("PolicyFunction", clock))) {
            APIGatewayV2HTTPResponse lapsed = later.handleRequest(oneClickEvent(token), null);

            assertThat(lapsed.getStatusCode()).isEqualTo(200);
        }
        assertThat(journey.get("/v1/profiles/me", session).getBody()).contains("\"marketingConsent\":{\"granted\":true");
        assertThat(oneClick(token).getStatusCode()).as("the same link within its life").isEqualTo(200);
        assertThat(journey.get("/v1/profiles/me", session).getBody()).contains("\"marketingConsent\":{\"granted\":false");
    }

    /** The token of the one-click unsubscribe URL staff mint for the signed-in learner's next newsletter. */
    private static String unsubscribeTokenOf(String session) {
        return tokenOf(unsubscribeUrlOf(session));
    }

    /** The List-Unsubscribe value staff get for the signed-in learner: the URL in angle brackets. */
    private static String unsubscribeUrlOf(String session) {
        String profileId = Json.field(journey.get("/v1/profiles/me", session).getBody(), "profileId");
        APIGatewayV2HTTPResponse links = staffFunction.handleRequest(ApiEvents.iamRequest("POST",
                "/v1/admin/newsletter-unsubscribe-links", Map.of(), PolicyStaff.STAFF,
                Json.of(Map.of("profileIds", List.of(profileId)))), null);
        assertThat(links.getStatusCode()).as(links.getBody()).isEqualTo(200);
        assertThat(links.getBody()).contains("\"listUnsubscribePost\":\"List-Unsubscribe=One-Click\"");
        return Json.field(links.getBody(), "listUnsubscribe");
    }

    private static String tokenOf(String listUnsubscribe) {
        return listUnsubscribe.replaceAll(".*/([^/>]+)>$", "$1");
    }

    private static APIGatewayV2HTTPResponse oneClick(String token) {
        return policy.handleRequest(oneClickEvent(token), null);
    }

    private static APIGatewayV2HTTPEvent oneClickEvent(String token) {
        return ApiEvents.post("/v1/newsletter-unsubscribe/" + token, "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click");
    }
}
