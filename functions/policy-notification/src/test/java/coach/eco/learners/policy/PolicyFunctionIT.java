package coach.eco.learners.policy;

import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.update.UpdateFunction;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Policy versions through the routes: who may publish, what is refused, who reads what, answers signed in. */
@ExtendWith(LocalAwsExtension.class)
class PolicyFunctionIT {
    private static PolicyFunction policy;
    private static SignupFunction signup;
    private static UpdateFunction update;
    private static PolicyStaff staff;
    private static LearnerJourney journey;

    @BeforeAll
    static void start() {
        policy = new PolicyFunction(LocalAwsExtension.contextOf("PolicyFunction"));
        signup = new SignupFunction(LocalAwsExtension.contextOf("SignupFunction"));
        update = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction"));
        staff = new PolicyStaff(policy);
        journey = new LearnerJourney(signup, update);
    }

    @AfterAll
    static void stop() {
        policy.close();
        signup.close();
        update.close();
    }

    @Test
    void publishedVersion_isReadByAnyone_asTheCurrentOne_withoutWhoPublishedIt() {
        String versionId = staff.published("notice");

        APIGatewayV2HTTPResponse current = get("/v1/policy-versions/current", Map.of());
        APIGatewayV2HTTPResponse byId = get("/v1/policy-versions/{versionId}", Map.of("versionId", versionId));
        APIGatewayV2HTTPResponse forStaff = staff.read(versionId);

        assertThat(current.getStatusCode()).isEqualTo(200);
        assertThat(current.getBody()).contains("\"versionId\":\"" + versionId + "\"", "\"kind\":\"notice\"",
                "\"evidenceHash\":\"").doesNotContain(PolicyStaff.PUBLISHER, "counts");
        assertThat(byId.getBody()).isEqualTo(current.getBody());
        assertThat(forStaff.getBody()).contains(PolicyStaff.PUBLISHER, "\"counts\":{\"queued\":");
    }

    @Test
    void publishingTheSameIdTwice_isRefused_andTheFirstVersionStands() {
        String versionId = staff.published("consent");

        APIGatewayV2HTTPResponse again = staff.publish(PolicyStaff.draft(versionId, "notice"));

        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(again.getBody()).contains("version-exists");
        assertThat(staff.read(versionId).getBody()).contains("\"kind\":\"consent\"");
    }

    @Test
    void badDraft_isRefusedFieldByField_andPublishesNothing() {
        String versionId = PolicyStaff.newVersionId();
        String draft = PolicyStaff.draft(versionId, "maybe")
                .replaceFirst("\"effectiveDate\": \"[0-9-]+\"", "\"effectiveDate\": \"2020-01-01\"")
                .replace("https://eco-coach.example", "http://eco-coach.example");

        APIGatewayV2HTTPResponse refused = staff.publish(draft);

        assertThat(refused.getStatusCode()).isEqualTo(422);
        assertThat(refused.getBody()).contains("\"field\":\"effectiveDate\"", "\"field\":\"kind\"",
                "\"field\":\"policyUrl\"");
        assertThat(staff.read(versionId).getStatusCode()).isEqualTo(404);
    }

    @Test
    void publishing_withoutStaffIamIdentity_isForbidden() {
        APIGatewayV2HTTPResponse unsigned = policy.handleRequest(ApiEvents.iamRequest("POST",
                "/v1/admin/policy-versions", Map.of(), null, PolicyStaff.draft(PolicyStaff.newVersionId(), "notice")),
                null);

        assertThat(unsigned.getStatusCode()).isEqualTo(403);
    }

    @Test
    void signedInLearner_answersAndChangesTheirAnswer_andRefusingTurnsTheNewsletterOff() {
        String versionId = staff.published("consent");
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);

        APIGatewayV2HTTPResponse accepted = answer(versionId, session, true);
        APIGatewayV2HTTPResponse refused = answer(versionId, session, false);

        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(200);
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(200);
        String me = journey.get("/v1/profiles/me", session).getBody();
        assertThat(me).contains("\"policyVersion\":\"" + versionId + "\",\"accepted\":true",
                "\"policyVersion\":\"" + versionId + "\",\"accepted\":false", "\"channel\":\"SIGNED_IN\"",
                "\"marketingConsent\":{\"granted\":false,\"policyVersion\":\"" + versionId + "\"");
        assertThat(staff.read(versionId).getBody()).contains("\"accepted\":0", "\"refused\":1");
    }

    @Test
    void newsletterConsent_atSignupAndOnEdit_recordsTheVersionPublishedLatest() {
        String inForceAtSignup = staff.published("notice");
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        String inForceAtEdit = staff.published("notice");
        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", session);

        APIGatewayV2HTTPResponse edited = journey.patch(session, read.getHeaders().get("etag"),
                "{\"marketingConsent\": false}");

        assertThat(edited.getStatusCode()).as(edited.getBody()).isEqualTo(200);
        assertThat(journey.get("/v1/profiles/me", session).getBody()).contains(
                "{\"granted\":true,\"policyVersion\":\"" + inForceAtSignup + "\"",
                "{\"granted\":false,\"policyVersion\":\"" + inForceAtEdit + "\"");
    }

    @Test
    void answers_toANoticeOrAnUnknownVersion_orWithoutSession_areRefused() {
        String notice = staff.published("notice");
        String session = journey.signedUpAndSignedIn(TestLearners.next());

        assertThat(answer(notice, session, true).getStatusCode()).isEqualTo(409);
        assertThat(answer(PolicyStaff.newVersionId(), session, true).getStatusCode()).isEqualTo(404);
        assertThat(answer(notice, "not-a-session", true).getStatusCode()).isEqualTo(401);
        assertThat(policy.handleRequest(ApiEvents.post("/v1/policy-answers/acceptance", "application/json",
                "{\"token\": \"too-short\"}"), null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void unsubscribeLinks_forWhatIsNoProfileId_areRefusedAsInvalidFields_notLookedUp() {
        for (String ids : List.of("[\"\"]", "[null]", "[\"learner-1\"]")) {
            APIGatewayV2HTTPResponse links = policy.handleRequest(ApiEvents.iamRequest("POST",
                    "/v1/admin/newsletter-unsubscribe-links", Map.of(), PolicyStaff.STAFF,
                    "{\"profileIds\": " + ids + "}"), null);

            assertThat(links.getStatusCode()).as(ids).isEqualTo(422);
            assertThat(links.getBody()).as(ids).contains("\"field\":\"profileIds\"");
        }
    }

    @Test
    void oneClickUnsubscribe_turnsTheNewsletterOff_withoutSession_once_andRecordsIt() {
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String profileId = LearnerJourney.field(journey.get("/v1/profiles/me", session).getBody(), "profileId");
        APIGatewayV2HTTPResponse links = policy.handleRequest(ApiEvents.iamRequest("POST",
                "/v1/admin/newsletter-unsubscribe-links", Map.of(), PolicyStaff.STAFF,
                "{\"profileIds\": [\"" + profileId + "\"]}"), null);
        assertThat(links.getStatusCode()).as(links.getBody()).isEqualTo(200);
        assertThat(links.getBody()).contains("\"listUnsubscribePost\":\"List-Unsubscribe=One-Click\"");
        String token = LearnerJourney.field(links.getBody(), "listUnsubscribe").replaceAll(".*/([^/>]+)>$", "$1");

        APIGatewayV2HTTPResponse first = oneClick(token);
        APIGatewayV2HTTPResponse second = oneClick(token);

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(second.getStatusCode()).isEqualTo(200);
        String me = journey.get("/v1/profiles/me", session).getBody();
        assertThat(me).contains("\"marketingConsent\":{\"granted\":false");
        assertThat(me.split("\"granted\":false", -1)).as("one 'no' in the consent history, and the one in force")
                .hasSize(3);
        assertThat(oneClick("A".repeat(43)).getStatusCode()).isEqualTo(404);
    }

    private static APIGatewayV2HTTPResponse oneClick(String token) {
        return policy.handleRequest(ApiEvents.post("/v1/newsletter-unsubscribe/" + token,
                "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"), null);
    }

    private static APIGatewayV2HTTPResponse get(String route, Map<String, String> pathParameters) {
        return policy.handleRequest(ApiEvents.iamRequest("GET", route, pathParameters, null, null), null);
    }

    private static APIGatewayV2HTTPResponse answer(String versionId, String session, boolean accepted) {
        var event = ApiEvents.iamRequest("PUT", "/v1/profiles/me/policy-answers/{versionId}",
                Map.of("versionId", versionId), null, "{\"accepted\": " + accepted + "}");
        event.setHeaders(Map.of("content-type", "application/json", "authorization", "Bearer " + session));
        return policy.handleRequest(event, null);
    }
}
