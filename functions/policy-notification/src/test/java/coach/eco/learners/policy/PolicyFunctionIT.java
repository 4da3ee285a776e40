package coach.eco.learners.policy;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.ConsentPurposeDraft;
import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.profile.ProfileView;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LearnerSetUp;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.staff.StaffCaller;
import coach.eco.learners.testing.PolicyStaff;
import coach.eco.learners.testing.TestStaff;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Policy versions through the learners' routes: who reads what, and answers signed in. */
@ExtendWith(LocalAwsExtension.class)
class PolicyFunctionIT {
    private static PolicyFunction policy;
    private static PolicyPublishing publishing;
    private static ConsentPurposeStore purposes;
    private static LearnerSetUp learners;

    @BeforeAll
    static void start() {
        ApplicationContext context = LocalAwsExtension.contextOf("PolicyFunction");
        policy = new PolicyFunction(context);
        // Staff publish, and learners sign up, through core's services: their routes are other functions'.
        publishing = context.getBean(PolicyPublishing.class);
        purposes = context.getBean(ConsentPurposeStore.class);
        learners = new LearnerSetUp(context);
    }

    @AfterAll
    static void stop() {
        policy.close();
    }

    @Test
    void publishedVersion_isReadByAnyone_asTheCurrentOne_withoutWhoPublishedIt() {
        String versionId = published("notice");

        APIGatewayV2HTTPResponse current = get("/v1/policy-versions/current", Map.of());
        APIGatewayV2HTTPResponse byId = get("/v1/policy-versions/{versionId}", Map.of("versionId", versionId));
        String forStaff = Json.of(publishing.forStaff(versionId));

        assertThat(current.getStatusCode()).isEqualTo(200);
        assertThat(current.getBody()).contains("\"versionId\":\"" + versionId + "\"", "\"kind\":\"notice\"",
                "\"evidenceHash\":\"").doesNotContain(PolicyStaff.PUBLISHER, "counts");
        assertThat(byId.getBody()).isEqualTo(current.getBody());
        assertThat(forStaff).contains(PolicyStaff.PUBLISHER, "\"counts\":{\"queued\":");
    }

    @Test
    void aVersionNotApprovedYet_isNeitherPublicNorInForce_norAnswerable() {
        String inForce = published("notice");
        String session = learners.signedUpAndSignedIn(TestLearners.next());
        String versionId = PolicyStaff.newVersionId();
        publishing.publish(Json.read(PolicyStaff.draft(versionId, "consent"), PolicyDraft.class),
                new StaffCaller(PolicyStaff.PUBLISHER, TestStaff.SESSION_NAME), "POST /v1/admin/policy-versions");

        assertThat(get("/v1/policy-versions/{versionId}", Map.of("versionId", versionId)).getStatusCode())
                .isEqualTo(404);
        assertThat(get("/v1/policy-versions/current", Map.of()).getBody())
                .contains("\"versionId\":\"" + inForce + "\"");
        assertThat(answer(versionId, session, true).getStatusCode()).as("a signed-in answer").isEqualTo(404);
        assertThat(Json.of(publishing.forStaff(versionId))).contains("\"publishedBy\":", "\"accepted\":0")
                .doesNotContain("approvedBy");
    }

    @Test
    void signedInLearner_answersAndChangesTheirAnswer_andRefusingTurnsTheNewsletterOff() {
        String versionId = published("consent");
        TestLearners.Learner learner = TestLearners.next();
        String session = learners.signedUpAndSignedIn(learner);

        APIGatewayV2HTTPResponse accepted = answer(versionId, session, true);
        APIGatewayV2HTTPResponse refused = answer(versionId, session, false);

        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(200);
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(200);
        String me = learners.profileJson(session);
        assertThat(me).contains("\"policyVersion\":\"" + versionId + "\",\"accepted\":true",
                "\"policyVersion\":\"" + versionId + "\",\"accepted\":false", "\"channel\":\"SIGNED_IN\"",
                "\"marketingConsent\":{\"granted\":false,\"policyVersion\":\"" + versionId + "\"");
        assertThat(Json.of(publishing.forStaff(versionId))).contains("\"accepted\":0", "\"refused\":1");
        ProfileView afterRefusal = Json.read(refused.getBody(), ProfileView.class);
        assertThat(afterRefusal.consents().get(0).purposeId()).isEqualTo(ConsentPurpose.NEWS_AND_OFFERS);
        assertThat(afterRefusal.consents().get(0).history()).last().isEqualTo(new ProfileView.AnswerView(false,
                afterRefusal.consents().get(0).history().get(1).answeredAt(), "profile", versionId, "learner"));
    }

    @Test
    void consentPurposes_areReadByAnyone_builtInFirst_thenThoseStaffAdded() {
        String purposeId = "workshops-" + UUID.randomUUID().toString().substring(0, 8);
        ConsentPurpose added = purposes.add(new ConsentPurposeDraft(purposeId, "Hội thảo", "Workshops",
                "Lời mời tham dự hội thảo.", "Invitations to workshops."), PolicyStaff.PUBLISHER,
                Map.of("actor", PolicyStaff.PUBLISHER));

        APIGatewayV2HTTPResponse listed = get("/v1/consent-purposes", Map.of());

        assertThat(listed.getStatusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Json.tree(listed.getBody()).get("purposes").values()
                .forEach(purpose -> ids.add(purpose.get("purposeId").getStringValue()));
        assertThat(ids.subList(0, 3)).containsExactly(ConsentPurpose.NEWS_AND_OFFERS, ConsentPurpose.SURVEYS,
                ConsentPurpose.PHONE_ADVICE);
        assertThat(ids).containsOnlyOnce(purposeId);
        assertThat(listed.getBody()).contains(Json.of(added), "Tin tức và ưu đãi", "Customer surveys")
                .doesNotContain(PolicyStaff.PUBLISHER, "addedBy");
    }

    @Test
    void answers_toANoticeOrAnUnknownVersion_orWithoutSession_areRefused() {
        String notice = published("notice");
        String session = learners.signedUpAndSignedIn(TestLearners.next());

        assertThat(answer(notice, session, true).getStatusCode()).isEqualTo(409);
        assertThat(answer(PolicyStaff.newVersionId(), session, true).getStatusCode()).isEqualTo(404);
        assertThat(answer(notice, "not-a-session", true).getStatusCode()).isEqualTo(401);
        assertThat(policy.handleRequest(ApiEvents.post("/v1/policy-answers/acceptance", "application/json",
                Json.of(Map.of("token", "too-short"))), null).getStatusCode()).isEqualTo(400);
    }

    private static String published(String kind) {
        return PolicyStaff.publishedThrough(publishing, kind);
    }

    private static APIGatewayV2HTTPResponse get(String route, Map<String, String> pathParameters) {
        return policy.handleRequest(ApiEvents.iamRequest("GET", route, pathParameters, null, null), null);
    }

    private static APIGatewayV2HTTPResponse answer(String versionId, String session, boolean accepted) {
        var event = ApiEvents.iamRequest("PUT", "/v1/profiles/me/policy-answers/{versionId}",
                Map.of("versionId", versionId), null, Json.of(Map.of("accepted", accepted)));
        event.setHeaders(Map.of("content-type", "application/json", "authorization", "Bearer " + session));
        return policy.handleRequest(event, null);
    }
}
