package coach.eco.learners.desk;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileEdit;
import coach.eco.learners.profile.ProfileService;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AtOnce;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.DeskStaff;
import coach.eco.learners.testing.FunctionsUnderTest;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.ReadyLearners;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.testing.TestStaff;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privacy desk's routes as API Gateway passes them on after IAM: its deadlines and their one extension,
 * refusals, the deadline check's alarm metrics, the authority's report, and what the tables keep in clear.
 */
@ExtendWith(LocalAwsExtension.class)
class PrivacyDeskFunctionIT {
    private static final MutableClock CLOCK = new MutableClock();
    private static final FunctionsUnderTest FUNCTIONS = new FunctionsUnderTest();

    private static PrivacyDeskFunction desk;
    private static DeskStaff staff;
    private static PrivacyDeadlineFunction deadlineCheck;
    private static ApplicationContext setUp;
    private static ReadyLearners learners;
    private static DynamoDbClient plainDynamoDb;

    @BeforeAll
    static void start() {
        desk = FUNCTIONS.start(PrivacyDeskFunction::new, "PrivacyDeskFunction", CLOCK);
        staff = new DeskStaff(desk);
        deadlineCheck = FUNCTIONS.start(PrivacyDeadlineFunction::new, "PrivacyDeadlineFunction", CLOCK);
        setUp = LocalAwsExtension.contextOf("PrivacyDeskFunction", CLOCK);
        learners = new ReadyLearners(setUp);
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() throws Exception {
        plainDynamoDb.close();
        setUp.close();
        FUNCTIONS.close();
    }

    @AfterEach
    void backToNow() {
        CLOCK.reset();
    }

    @Test
    void aRestriction_isDue15DaysAfterReceipt_extendedOnceWithItsReason_andNeverWithoutOneOrTwice() {
        TestLearners.Learner learner = TestLearners.next();
        String requestId = staff.recorded(DeskStaff.request(learners.confirmed(learner), "restriction", "post",
                "CCCD, 4 số cuối 1234"));
        String recorded = view(requestId);
        Instant received = Instant.parse(Json.field(recorded, "receivedAt"));
        assertThat(Instant.parse(Json.field(recorded, "dueAt"))).isEqualTo(received.plus(Duration.ofDays(15)));

        APIGatewayV2HTTPResponse noReason = staff.onRequest("POST", "/extension", requestId, Map.of("days", 10));
        assertThat(noReason.getStatusCode()).as(noReason.getBody()).isEqualTo(422);
        assertThat(noReason.getBody()).contains("\"reason\"");
        assertThat(view(requestId)).as("refused, so nothing changed").isEqualTo(recorded);

        String reason = TestLearners.pii("Hồ sơ giấy của Nguyễn Văn An cần đối chiếu ở chi nhánh");
        APIGatewayV2HTTPResponse extended = staff.onRequest("POST", "/extension", requestId, Map.of("reason", reason));
        assertThat(extended.getStatusCode()).as(extended.getBody()).isEqualTo(200);
        assertThat(Instant.parse(Json.field(extended.getBody(), "extendedTo")))
                .isEqualTo(received.plus(Duration.ofDays(30)));
        assertThat(Json.field(extended.getBody(), "status")).isEqualTo("extended");
        assertThat(Outbox.mailTo(learner.email())).extracting(Outbox.Mail::text)
                .anySatisfy(text -> assertThat(text).contains(reason, "Thời hạn chỉ được gia hạn một lần"));

        APIGatewayV2HTTPResponse again = staff.onRequest("POST", "/extension", requestId, Map.of("reason", "again"));
        assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(409);
        assertThat(again.getBody()).contains("already-extended");
        APIGatewayV2HTTPResponse tooLong = staff.onRequest("POST", "/extension", staff.recorded(DeskStaff.request(
                learners.confirmed(TestLearners.next()), "objection", "phone", "Hộ chiếu")),
                Map.of("reason", "x", "days", 16));
        assertThat(tooLong.getStatusCode()).isEqualTo(422);
        assertThat(tooLong.getBody()).contains("extension-too-long");
    }

    @Test
    void aDeletion_hasNoExtension_andIsNotCarriedOutBeforeItsIdentityIsConfirmed() {
        String requestId = staff.recorded(DeskStaff.request(learners.confirmed(TestLearners.next()), "deletion",
                "phone", null));

        APIGatewayV2HTTPResponse extended = staff.onRequest("POST", "/extension", requestId, Map.of("reason", "x"));
        APIGatewayV2HTTPResponse acted = staff.onRequest("POST", "/action", requestId, Map.of());

        assertThat(extended.getStatusCode()).isEqualTo(409);
        assertThat(extended.getBody()).contains("not-extendable");
        assertThat(acted.getStatusCode()).isEqualTo(409);
        assertThat(acted.getBody()).contains("identity-not-confirmed");
        assertThat(view(requestId)).as("its 72 hours start at the confirmation").doesNotContain("\"dueAt\"");
    }

    @Test
    void identityLink_clickedTwiceAtOnce_worksExactlyOnce() throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        String profileId = learners.confirmed(learner);
        String requestId = staff.recorded(DeskStaff.request(profileId, "deletion", "phone", null));
        String token = Outbox.tokenIn(Outbox.onlyMailTo(learner.email()), "/confirm-request");

        List<APIGatewayV2HTTPResponse> clicks = AtOnce.twice(() -> confirmByLink(token));

        assertThat(clicks).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactlyInAnyOrder(200, 400);
        assertThat(clicks).filteredOn(click -> click.getStatusCode() == 400).singleElement()
                .satisfies(used -> assertThat(used.getBody()).contains("invalid-link"));
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileId)).containsOnlyOnce("PRIVACY_REQUEST_IDENTITY_CONFIRMED");
        JsonNode confirmed = new ObjectMapper().readTree(view(requestId));
        assertThat(confirmed.get("steps")).extracting(step -> step.get("step").asText())
                .as("the request's steps").containsOnlyOnce("identity-confirmed");
        assertThat(confirmed.has("dueAt")).as("its 72 hours run from the confirmation").isTrue();
    }

    /** The link of a request staff confirmed by a document meanwhile answers as done, and is used up all the same. */
    @Test
    void identityLink_ofARequestConfirmedByADocument_worksOnce_andAddsNoStep() {
        TestLearners.Learner learner = TestLearners.next();
        String requestId = staff.recorded(DeskStaff.request(learners.confirmed(learner), "deletion", "phone", null));
        String token = Outbox.tokenIn(Outbox.onlyMailTo(learner.email()), "/confirm-request");
        assertThat(staff.onRequest("POST", "/identity", requestId, Map.of("document", "CCCD, 4 số cuối 1234"))
                .getStatusCode()).isEqualTo(200);
        String confirmed = view(requestId);

        APIGatewayV2HTTPResponse first = confirmByLink(token);
        APIGatewayV2HTTPResponse again = confirmByLink(token);

        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(200);
        assertThat(again.getStatusCode()).isEqualTo(400);
        assertThat(again.getBody()).contains("invalid-link");
        assertThat(view(requestId)).as("the document's confirmation stands alone").isEqualTo(confirmed);
    }

    @Test
    void aRefusal_mailsItsReason_andClosesTheRequest() {
        TestLearners.Learner learner = TestLearners.next();
        String requestId = staff.recorded(DeskStaff.request(learners.confirmed(learner), "correction", "in-person",
                "CCCD"));
        String reason = TestLearners.pii("Số điện thoại mới 0987 654 321 không thuộc chủ hồ sơ");

        APIGatewayV2HTTPResponse refused = staff.onRequest("POST", "/refusal", requestId, Map.of("reason", reason));

        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(200);
        assertThat(Json.field(refused.getBody(), "status")).isEqualTo("refused");
        assertThat(Outbox.mailTo(learner.email())).extracting(Outbox.Mail::text)
                .anySatisfy(text -> assertThat(text).contains(reason, "We cannot carry out your request"));
        APIGatewayV2HTTPResponse late = staff.onRequest("POST", "/action", requestId, Map.of("fullName", "Trần Thị Bé"));
        assertThat(late.getStatusCode()).isEqualTo(409);
        assertThat(late.getBody()).contains("request-closed");
        assertThat(AuditTrail.recordsOf(plainDynamoDb, Json.field(refused.getBody(), "profileId")))
                .filteredOn(record -> record.get("event").s().equals("PRIVACY_REQUEST_REFUSED")).singleElement()
                .satisfies(record -> {
                    assertThat(record.get("actor").s()).isEqualTo(TestStaff.ROLE);
                    assertThat(record.get("actorSession").s()).isEqualTo(TestStaff.SESSION_NAME);
                    assertThat(record.toString()).doesNotContain(reason);
                });
    }

    @Test
    void aConsentWithdrawalByPhone_isANoToEveryPurposeTheLearnerSaidYesTo_recordedAsStaffs() {
        String profileId = learners.confirmed(TestLearners.next());
        ProfileService profiles = setUp.getBean(ProfileService.class);
        profiles.edit(profileId, CLOCK.instant(), profiles.read(profileId).version(),
                new ProfileEdit(null, null, null, null, Map.of(ConsentPurpose.SURVEYS, true)).validated(),
                PurposeAnswer.Channel.PROFILE, PurposeAnswer.Actor.LEARNER);
        String requestId = staff.recorded(DeskStaff.request(profileId, "consent-withdrawal", "phone", "CCCD 002"));

        APIGatewayV2HTTPResponse acted = staff.onRequest("POST", "/action", requestId, Map.of());

        assertThat(acted.getStatusCode()).as(acted.getBody()).isEqualTo(200);
        Profile withdrawn = profiles.read(profileId);
        assertThat(withdrawn.consentsTo(ConsentPurpose.NEWS_AND_OFFERS)).isFalse();
        assertThat(withdrawn.consentsTo(ConsentPurpose.SURVEYS)).isFalse();
        assertThat(withdrawn.consent(ConsentPurpose.PHONE_ADVICE)).as("never asked, nothing to withdraw").isEmpty();
        assertThat(List.of(ConsentPurpose.NEWS_AND_OFFERS, ConsentPurpose.SURVEYS))
                .allSatisfy(purpose -> assertThat(withdrawn.consent(purpose).orElseThrow().channel())
                        .isEqualTo(PurposeAnswer.Channel.STAFF_CALL));
    }

    @Test
    void theScheduledCheck_publishesTheRequestsDueWithinAWorkingDay_andThoseOverdue() throws Exception {
        String requestId = staff.recorded(DeskStaff.request(learners.confirmed(TestLearners.next()),
                "consent-withdrawal", "phone", "CCCD"));

        CLOCK.advance(Duration.ofDays(14).plusHours(12));
        DeadlineCheck.Report halfADayLeft = deadlineCheck.handleRequest(Map.of("trigger", "schedule"), null);
        CLOCK.advance(Duration.ofDays(1));
        DeadlineCheck.Report pastDue = deadlineCheck.handleRequest(Map.of("trigger", "schedule"), null);

        assertThat(halfADayLeft.requestsDueSoon()).contains(requestId);
        assertThat(halfADayLeft.requestsOverdue()).doesNotContain(requestId);
        assertThat(pastDue.requestsOverdue()).contains(requestId);
        JsonNode metrics = lastMetricsWith("PrivacyRequestsOverdue");
        assertThat(metrics.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").findValuesAsText("Name"))
                .containsExactlyInAnyOrder("PrivacyRequestsDueSoon", "PrivacyRequestsOverdue",
                        "BreachAuthorityNoticesPending", "BreachAuthorityNoticesOverdue", "WorkingDayCalendarEnding");
        assertThat(metrics.path("PrivacyRequestsOverdue").asInt()).isPositive();
    }

    @Test
    void theAuthoritysReport_isOneCsvOfEveryEntry_namingNoLearner_andNoNoteReasonOrReference() {
        TestLearners.Learner learner = TestLearners.next();
        String profileId = learners.confirmed(learner);
        String requestId = staff.recorded(DeskStaff.request(profileId, "access", "post", "CCCD"));
        String reference = TestLearners.pii("CA-HN/2026/7781");
        APIGatewayV2HTTPResponse disclosed = staff.call("POST", "/v1/admin/disclosures", Map.of(), Map.of(
                "profileId", profileId, "authority", "Công an quận Hoàn Kiếm", "legalBasis", "Điều 12, Luật 91/2025/QH15",
                "reference", reference, "categories", List.of("full name", "phone"), "disclosedOn", "2026-11-30",
                "learnerMayBeTold", true));
        assertThat(disclosed.getStatusCode()).as(disclosed.getBody()).isEqualTo(201);

        APIGatewayV2HTTPResponse report = staff.call("GET", "/v1/admin/privacy-report", Map.of(), null);

        assertThat(report.getStatusCode()).isEqualTo(200);
        assertThat(report.getHeaders().get("content-type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(report.getBody()).startsWith(DeskReport.HEADER + "\r\n")
                .contains("request," + requestId + ",access,post,")
                .contains("disclosure," + Json.field(disclosed.getBody(), "disclosureId") + ",,,2026-11-30,")
                .contains(",Công an quận Hoàn Kiếm,\"Điều 12, Luật 91/2025/QH15\",full name; phone,true,")
                .doesNotContain(profileId, learner.email(), learner.fullName(), reference, "Gọi từ số máy bàn");
    }

    @Test
    void aRequestWithADocumentCheckButNoDocument_andAnUnknownChannel_getsBothErrorsInOneAnswer_andRecordsNothing() {
        String profileId = learners.confirmed(TestLearners.next());
        Map<String, Object> body = DeskStaff.request(profileId, "access", "fax", null);
        body.put("identityCheck", "document");

        APIGatewayV2HTTPResponse refused = staff.call("POST", "/v1/admin/privacy-requests", Map.of(), body);

        assertThat(refused.getStatusCode()).isEqualTo(422);
        assertThat(Json.fieldErrorsOf(refused.getBody())).extracting(entry -> entry.subList(1, 3)).containsExactly(
                List.of("/channel", "invalid-choice"), List.of("/document", "inconsistent"));
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileId)).doesNotContain("PRIVACY_REQUEST_RECORDED");
    }

    @Test
    void aBreachDetectedTomorrow_withABlankDescription_aPeriodSelectionWithoutAPeriod_andANoticeBodyThatIsNoText_getsEveryErrorInOneAnswer() {
        String reportBefore = staff.call("GET", "/v1/admin/privacy-report", Map.of(), null).getBody();
        Map<String, Object> breach = new LinkedHashMap<>();
        breach.put("detectedAt", CLOCK.instant().plus(Duration.ofDays(1)).toString());
        breach.put("description", " ");
        breach.put("categories", List.of("email"));
        breach.put("affected", Map.of("query", "created-between"));
        breach.put("notice", Map.of("subjectVi", "Thông báo", "subjectEn", "Notice", "bodyVi", true,
                "bodyEn", "Body"));

        APIGatewayV2HTTPResponse refused = staff.call("POST", "/v1/admin/breaches", Map.of(), breach);

        assertThat(refused.getStatusCode()).isEqualTo(422);
        assertThat(Json.fieldErrorsOf(refused.getBody())).extracting(entry -> entry.subList(1, 3)).containsExactly(
                List.of("/affected", "inconsistent"), List.of("/description", "blank"),
                List.of("/detectedAt", "out-of-range"), List.of("/notice/bodyVi", "wrong-type"));
        assertThat(staff.call("GET", "/v1/admin/privacy-report", Map.of(), null).getBody()).isEqualTo(reportBefore);
    }

    @Test
    void staffRoutes_refuseCallersOutsideTheStaffRoles() {
        String profileId = learners.confirmed(TestLearners.next());

        APIGatewayV2HTTPResponse unsigned = staff.callAs(null, "POST", "/v1/admin/privacy-requests", Map.of(),
                DeskStaff.request(profileId, "access", "phone", null));
        APIGatewayV2HTTPResponse otherRole = staff.callAs(TestStaff.sessionOfAnotherRole("visitor"), "GET",
                "/v1/admin/privacy-report", Map.of(), null);

        assertThat(unsigned.getStatusCode()).isEqualTo(403);
        assertThat(otherRole.getStatusCode()).isEqualTo(403);
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileId)).doesNotContain("PRIVACY_REQUEST_RECORDED");
    }

    @Test
    void theRegister_keepsNoPersonalDataInClear() {
        TestLearners.Learner learner = TestLearners.next();
        staff.recorded(DeskStaff.request(learners.confirmed(learner), "objection", "email", "CCCD 001"));

        // Every test learner's email is at one domain, every phone starts alike: one search finds any.
        assertThat(RawTables.everything(plainDynamoDb)).as("raw tables")
                .doesNotContain("@eco-learner.vn", "+8491", learner.fullName(), "Gọi từ số máy bàn", "CCCD 001");
    }

    private static APIGatewayV2HTTPResponse confirmByLink(String token) {
        return desk.handleRequest(ApiEvents.post("/v1/privacy-requests/confirmation", "application/json",
                Json.of(Map.of("token", token))), null);
    }

    private static String view(String requestId) {
        APIGatewayV2HTTPResponse read = staff.onRequest("GET", "", requestId, null);
        assertThat(read.getStatusCode()).as(read.getBody()).isEqualTo(200);
        return read.getBody();
    }

    private static JsonNode lastMetricsWith(String name) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("target/test-logs/run.log"));
        return new ObjectMapper().readTree(lines.stream().filter(line -> line.contains("\"" + name + "\""))
                .reduce((first, second) -> second).orElseThrow());
    }
}
