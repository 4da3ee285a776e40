package coach.eco.learners.desk;

import coach.eco.learners.account.UpdateFunction;
import coach.eco.learners.policy.PolicyFanOutFunction;
import coach.eco.learners.policy.PolicyMailFunction;
import coach.eco.learners.profile.RetentionStore;
import coach.eco.learners.purge.ErasureService;
import coach.eco.learners.local.LocalTriggers;
import coach.eco.learners.staff.StaffFunction;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.DeskStaff;
import coach.eco.learners.testing.FunctionsUnderTest;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.Population;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.ReadyLearners;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.testing.TestStaff;
import coach.eco.learners.testing.Tier;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privacy desk across functions, over the emulator: a request taken by phone from its recording to the
 * export the website gives; an unauthorised profile suspended out of sign-in, mail and the mailings; a
 * disclosure in the learner's export; a breach notice through the policy mailing's fan-out, queue and sender.
 */
@ExtendWith(LocalAwsExtension.class)
class PrivacyDeskJourneyIT {
    private static final MutableClock CLOCK = new MutableClock();
    private static final FunctionsUnderTest FUNCTIONS = new FunctionsUnderTest();
    /** Friday 24 April 2026, 10:00 in Vietnam: a weekend follows, then Hùng Kings' day in lieu on Monday. */
    private static final Instant FRIDAY_BEFORE_HUNG_KINGS = Instant.parse("2026-04-24T03:00:00Z");

    private static PrivacyDeskFunction deskFunction;
    private static DeskStaff desk;
    private static UpdateFunction account;
    private static StaffFunction staffFunction;
    private static PrivacyDeadlineFunction deadlineCheck;
    private static LocalTriggers breachMailing;
    private static ApplicationContext setUp;
    private static ReadyLearners learners;
    private static DynamoDbClient plainDynamoDb;

    @BeforeAll
    static void start() {
        deskFunction = FUNCTIONS.start(PrivacyDeskFunction::new, "PrivacyDeskFunction", CLOCK);
        desk = new DeskStaff(deskFunction);
        account = FUNCTIONS.start(UpdateFunction::new, "UpdateFunction", CLOCK);
        staffFunction = FUNCTIONS.start(StaffFunction::new, "StaffFunction", CLOCK);
        deadlineCheck = FUNCTIONS.start(PrivacyDeadlineFunction::new, "PrivacyDeadlineFunction", CLOCK);
        PolicyFanOutFunction fanOut = FUNCTIONS.start(PolicyFanOutFunction::new, "PolicyFanOutFunction");
        PolicyMailFunction sender = FUNCTIONS.start(PolicyMailFunction::new, "PolicyMailFunction",
                Map.of("LEARNER_POLICY_MAILS_PER_SECOND", "1000"));
        breachMailing = new LocalTriggers(LocalAwsExtension.template(), LocalAwsExtension.aws(),
                Map.of("PolicyFanOutFunction", fanOut, "PolicyMailFunction", sender));
        // Whatever an earlier test class left queued goes out first.
        breachMailing.deliverPending();
        setUp = LocalAwsExtension.contextOf("PrivacyDeskFunction", CLOCK);
        learners = new ReadyLearners(setUp);
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() throws Exception {
        breachMailing.close();
        plainDynamoDb.close();
        setUp.close();
        FUNCTIONS.close();
    }

    @AfterEach
    void backToNow() {
        CLOCK.reset();
    }

    @Test
    void aPhoneRequestForAccess_isAcknowledgedAtOnce_dueByTheRuleTable_confirmedByItsLink_andEndsInTheWebsitesExport() {
        CLOCK.advance(Duration.between(Instant.now(), FRIDAY_BEFORE_HUNG_KINGS));
        TestLearners.Learner learner = TestLearners.next();
        String profileId = learners.confirmed(learner);
        String session = learners.signedIn(profileId);

        String requestId = desk.recorded(DeskStaff.request(profileId, "access", "phone", null));

        Outbox.Mail acknowledgement = Outbox.onlyMailTo(learner.email());
        assertThat(acknowledgement.text()).contains("Chúng tôi sẽ thực hiện yêu cầu trước", "We will carry it out by",
                "24 May 2026");
        String recorded = view(requestId);
        Instant received = Instant.parse(Json.field(recorded, "receivedAt"));
        assertThat(Json.field(recorded, "acknowledgeBy")).as("two working days: past the weekend and the holiday")
                .isEqualTo("2026-04-29T17:00:00Z");
        assertThat(Instant.parse(Json.field(recorded, "dueAt"))).isEqualTo(received.plus(Duration.ofDays(30)));
        assertThat(Json.field(recorded, "status")).isEqualTo("acknowledged");
        assertThat(desk.onRequest("POST", "/action", requestId, Map.of()).getStatusCode())
                .as("not before the identity is confirmed").isEqualTo(409);

        APIGatewayV2HTTPResponse confirmed = deskFunction.handleRequest(ApiEvents.post(
                "/v1/privacy-requests/confirmation", "application/json",
                Json.of(Map.of("token", Outbox.tokenIn(acknowledgement, "/confirm-request")))), null);
        assertThat(confirmed.getStatusCode()).as(confirmed.getBody()).isEqualTo(200);
        APIGatewayV2HTTPResponse acted = desk.onRequest("POST", "/action", requestId, Map.of());

        assertThat(acted.getStatusCode()).as(acted.getBody()).isEqualTo(200);
        APIGatewayV2HTTPResponse export = account.handleRequest(ApiEvents.request("GET", "/v1/profiles/me/export",
                Map.of("authorization", "Bearer " + session), null), null);
        assertThat(Json.tree(acted.getBody()).get("copy")).as("the copy staff hand over is the website's export")
                .isEqualTo(Json.tree(export.getBody()));
        assertThat(Outbox.mailTo(learner.email())).hasSize(2).last().extracting(Outbox.Mail::text).asString()
                .contains("Chúng tôi đã thực hiện yêu cầu xem và nhận bản sao dữ liệu của bạn");
        String done = view(requestId);
        assertThat(Json.field(done, "status")).isEqualTo("done");
        assertThat(Json.tree(done).get("steps").values()).extracting(step -> step.get("step").getStringValue() + " by "
                        + step.get("actor").getStringValue())
                .containsExactly("received by " + TestStaff.ROLE, "acknowledged by " + TestStaff.ROLE,
                        "identity-confirmed by learner", "done by " + TestStaff.ROLE);
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileId)).contains("PRIVACY_REQUEST_RECORDED",
                "PRIVACY_REQUEST_IDENTITY_CONFIRMED", "PRIVACY_REQUEST_DONE");
    }

    @Test
    void anUnauthorisedProfileReport_suspendsItAtOnce_andTheReporterIsToldNothingOfTheProfile() {
        TestLearners.Learner impostor = TestLearners.next();
        String profileId = learners.confirmed(impostor);
        String session = learners.signedIn(profileId);
        TestLearners.Learner owner = TestLearners.next();
        TestLearners.Learner otherOwner = TestLearners.next();
        String otherProfileId = learners.confirmed(TestLearners.next());

        String reportId = reported(profileId, owner);
        String otherReportId = reported(otherProfileId, otherOwner);

        assertThat(me(session).getStatusCode()).as("signed out, and no sign-in").isEqualTo(401);
        assertThat(account.handleRequest(ApiEvents.post("/v1/sign-in-links", "application/json",
                Json.of(Map.of("email", impostor.email()))), null).getStatusCode()).isEqualTo(202);
        assertThat(Outbox.mailTo(impostor.email())).as("no mail to the suspended profile").isEmpty();
        APIGatewayV2HTTPResponse newsletter = staffFunction.handleRequest(ApiEvents.iamRequest("POST",
                "/v1/admin/newsletter-unsubscribe-links", Map.of(), TestStaff.SESSION,
                Json.of(Map.of("profileIds", List.of(profileId)))), null);
        assertThat(newsletter.getBody()).as("out of the newsletter").isEqualTo("{\"links\":[]}");
        assertThat(StreamSupport.stream(setUp.getBean(RetentionStore.class).confirmedProfileIds().spliterator(), false))
                .as("out of the policy mailing").doesNotContain(profileId, otherProfileId);

        assertThat(desk.onRequest("POST", "/action", reportId, Map.of("decision", "erase")).getStatusCode())
                .isEqualTo(200);
        assertThat(desk.onRequest("POST", "/action", otherReportId, Map.of("decision", "restore")).getStatusCode())
                .isEqualTo(200);

        List<Outbox.Mail> toOwner = Outbox.mailTo(owner.email());
        List<Outbox.Mail> toOtherOwner = Outbox.mailTo(otherOwner.email());
        assertThat(toOwner).hasSize(2);
        assertThat(toOtherOwner).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(toOwner.get(i).text().replace(RequestMail.reference(reportId), "REF"))
                    .as("erased or restored, the reporter reads the same words")
                    .isEqualTo(toOtherOwner.get(i).text().replace(RequestMail.reference(otherReportId), "REF"));
        }
        assertThat(toOwner.toString()).doesNotContain(profileId, impostor.email(), impostor.fullName(),
                impostor.phone(), impostor.phoneE164());
        assertThat(setUp.getBean(ErasureService.class).erase(profileId)).as("erased by the purge").isTrue();
        assertThat(AuditTrail.recordsOf(plainDynamoDb, profileId))
                .filteredOn(record -> record.get("event").s().equals("PROFILE_ERASED")).singleElement()
                .satisfies(record -> assertThat(record.get("rule").s()).isEqualTo("unauthorised"));
        assertThat(me(learners.signedIn(otherProfileId)).getStatusCode()).as("restored").isEqualTo(200);
    }

    @Test
    void aDisclosureTheLearnerMayBeToldOf_isInTheirExport_andOneTheyMayNotBeIsNot() {
        String profileId = learners.confirmed(TestLearners.next());
        String told = disclosed(profileId, "Thanh tra Sở Giáo dục và Đào tạo", true);
        String untold = disclosed(profileId, "Cơ quan Cảnh sát điều tra", false);

        APIGatewayV2HTTPResponse export = account.handleRequest(ApiEvents.request("GET", "/v1/profiles/me/export",
                Map.of("authorization", "Bearer " + learners.signedIn(profileId)), null), null);

        assertThat(export.getStatusCode()).isEqualTo(200);
        assertThat(export.getBody()).contains(told, "Thanh tra Sở Giáo dục và Đào tạo", "\"legalBasis\"")
                .doesNotContain(untold, "Cơ quan Cảnh sát điều tra", "CA-");
    }

    /**
     * The acceptance's 1,000 affected learners in the full tier (about two minutes on the emulator); the
     * everyday tier's 120 are three queue messages, one partly filled, which a notice mailed twice or to a
     * learner outside the selection would fail as surely.
     */
    @Test
    @Tag(Tier.TAG)
    void aBreachNotice_mailsEachAffectedLearnerOnce_aRerunMailsNobodyTwice_andTheAuthorityNoticeAlarmsUntilRecorded()
            throws InterruptedException {
        Instant from = nextWholeSecond();
        List<Population.Member> affected = Population.active(setUp, Tier.pick(120, 1_000));
        Instant until = nextWholeSecond();
        String marker = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> breach = new LinkedHashMap<>();
        breach.put("detectedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        breach.put("description", TestLearners.pii("Một máy tính xách tay chứa bản xuất dữ liệu bị mất"));
        breach.put("categories", List.of("full name", "email"));
        breach.put("affected", Map.of("query", "created-between", "from", from.toString(), "until", until.toString()));
        breach.put("notice", Map.of("subjectVi", "Thông báo sự cố dữ liệu " + marker,
                "subjectEn", "Data incident notice " + marker,
                "bodyVi", "Chúng tôi xin thông báo về một sự cố liên quan đến dữ liệu của bạn.",
                "bodyEn", "We are writing to tell you about an incident involving your data."));
        APIGatewayV2HTTPResponse recorded = desk.call("POST", "/v1/admin/breaches", Map.of(), breach);
        assertThat(recorded.getStatusCode()).as(recorded.getBody()).isEqualTo(201);
        String breachId = Json.field(recorded.getBody(), "breachId");

        assertThat(desk.call("POST", "/v1/admin/breaches/{breachId}/learner-notice", Map.of("breachId", breachId),
                null).getStatusCode()).isEqualTo(202);
        breachMailing.deliverPending();
        Map<String, Long> firstRun = noticesOf(marker);
        desk.call("POST", "/v1/admin/breaches/{breachId}/learner-notice", Map.of("breachId", breachId), null);
        breachMailing.deliverPending();

        assertThat(affected).allSatisfy(member -> assertThat(firstRun.get(member.learner().email().toLowerCase()))
                .as("notices to an affected learner").isEqualTo(1L));
        assertThat(firstRun).hasSize(affected.size());
        assertThat(noticesOf(marker)).as("after the rerun").isEqualTo(firstRun);
        assertThat(Json.tree(desk.call("GET", "/v1/admin/breaches/{breachId}", Map.of("breachId", breachId), null)
                .getBody()).get("learnersQueued").getLongValue()).isEqualTo(affected.size());

        CLOCK.advance(Duration.ofHours(73));
        DeadlineCheck.Report late = deadlineCheck.handleRequest(Map.of("trigger", "schedule"), null);
        assertThat(late.breachNoticesPending()).contains(breachId);
        assertThat(late.breachNoticesOverdue()).contains(breachId);
        APIGatewayV2HTTPResponse notified = desk.call("POST", "/v1/admin/breaches/{breachId}/authority-notice",
                Map.of("breachId", breachId), Map.of("reference", "A05-2026-0042"));
        assertThat(notified.getStatusCode()).as(notified.getBody()).isEqualTo(200);
        assertThat(deadlineCheck.handleRequest(Map.of("trigger", "schedule"), null).breachNoticesPending())
                .doesNotContain(breachId);
        assertThat(RawTables.everything(plainDynamoDb)).as("raw tables after the breach register")
                .doesNotContain("@eco-learner.vn", "+8491", "bản xuất dữ liệu bị mất", "A05-2026-0042");
    }

    private static String reported(String profileId, TestLearners.Learner reporter) {
        APIGatewayV2HTTPResponse reported = desk.call("POST", "/v1/admin/unauthorised-profile-reports", Map.of(),
                Map.of("profileId", profileId, "channel", "phone", "reporterName", reporter.fullName(),
                        "reporterEmail", reporter.email()));
        assertThat(reported.getStatusCode()).as(reported.getBody()).isEqualTo(201);
        return Json.field(reported.getBody(), "requestId");
    }

    private static String disclosed(String profileId, String authority, boolean mayBeTold) {
        APIGatewayV2HTTPResponse disclosed = desk.call("POST", "/v1/admin/disclosures", Map.of(), Map.of(
                "profileId", profileId, "authority", authority, "legalBasis", "Điều 17, Luật 91/2025/QH15",
                "reference", "CA-" + UUID.randomUUID(), "categories", List.of("full name", "phone"),
                "disclosedOn", "2026-11-30", "learnerMayBeTold", mayBeTold));
        assertThat(disclosed.getStatusCode()).as(disclosed.getBody()).isEqualTo(201);
        return Json.field(disclosed.getBody(), "disclosureId");
    }

    private static APIGatewayV2HTTPResponse me(String session) {
        APIGatewayV2HTTPEvent read = ApiEvents.request("GET", "/v1/profiles/me", Map.of("authorization",
                "Bearer " + session), null);
        return account.handleRequest(read, null);
    }

    private static String view(String requestId) {
        APIGatewayV2HTTPResponse read = desk.onRequest("GET", "", requestId, null);
        assertThat(read.getStatusCode()).as(read.getBody()).isEqualTo(200);
        return read.getBody();
    }

    /** The breach notices sent so far, by address. */
    private static Map<String, Long> noticesOf(String marker) {
        return LocalAwsExtension.aws().sentMail().stream().filter(mail -> mail.subject().contains(marker))
                .flatMap(mail -> mail.to().stream()).map(String::toLowerCase)
                .collect(Collectors.groupingBy(address -> address, HashMap::new, Collectors.counting()));
    }

    /** Waits for the next whole second: creation times to the second then fall on one side of it. */
    private static Instant nextWholeSecond() throws InterruptedException {
        Instant next = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(Duration.between(Instant.now(), next).toMillis() + 1);
        return next;
    }
}
