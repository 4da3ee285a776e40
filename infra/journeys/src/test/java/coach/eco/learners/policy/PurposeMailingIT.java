package coach.eco.learners.policy;

import coach.eco.learners.account.UpdateFunction;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.local.LocalTriggers;
import coach.eco.learners.local.SentMail;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.mail.Suppressions;
import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.staff.StaffFunction;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.FunctionsUnderTest;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LearnerWayIn;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.PolicyStaff;
import coach.eco.learners.testing.Population;
import coach.eco.learners.testing.Population.Standing;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.testing.TestStaff;
import coach.eco.learners.testing.Tier;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The centre's mailings per consent purpose through the real path: staff compose one over the staff route
 * and a publisher sends it, the EventBridge rule's event reaches the policy mailing's fan-out, its SQS batches
 * reach the sender, SES sends; each mail's one-click unsubscribe is posted back as a mail client does.
 * Tests that count whom a mailing reaches use a purpose of their own, so learners other tests leave in the
 * table are not part of it.
 */
@ExtendWith(LocalAwsExtension.class)
class PurposeMailingIT {
    private static final Map<String, String> FAST_SENDER = Map.of("LEARNER_POLICY_MAILS_PER_SECOND", "1000");
    private static final FunctionsUnderTest FUNCTIONS = new FunctionsUnderTest();
    /** Each mailing's tag, in its subject, by mailing id. */
    private static final Map<String, String> SUBJECT_TAGS = new ConcurrentHashMap<>();

    private static PolicyFunction policy;
    private static SignupFunction signup;
    private static StaffFunction staff;
    private static LearnerJourney journey;
    private static ApplicationContext setUp;
    private static LocalTriggers fanOutOnly;
    private static LocalTriggers allTriggers;
    private static DynamoDbClient plainDynamoDb;

    @BeforeAll
    static void start() {
        policy = FUNCTIONS.start(PolicyFunction::new, "PolicyFunction");
        signup = FUNCTIONS.start(SignupFunction::new, "SignupFunction");
        UpdateFunction update = FUNCTIONS.start(UpdateFunction::new, "UpdateFunction");
        journey = new LearnerJourney(signup, update);
        staff = FUNCTIONS.start(StaffFunction::new, "StaffFunction");
        setUp = LocalAwsExtension.contextOf("PolicyFunction", Map.of("LEARNER_AWS_CALL_TIMEOUT", "PT60S"));
        PolicyFanOutFunction fanOut = FUNCTIONS.start(PolicyFanOutFunction::new, "PolicyFanOutFunction");
        PolicyMailFunction sender = FUNCTIONS.start(PolicyMailFunction::new, "PolicyMailFunction", FAST_SENDER);
        fanOutOnly = new LocalTriggers(LocalAwsExtension.template(), LocalAwsExtension.aws(),
                Map.of("PolicyFanOutFunction", fanOut));
        allTriggers = new LocalTriggers(LocalAwsExtension.template(), LocalAwsExtension.aws(),
                Map.of("PolicyFanOutFunction", fanOut, "PolicyMailFunction", sender));
        plainDynamoDb = DynamoDbClient.create();
        // Whatever an earlier test class left queued goes out first.
        allTriggers.deliverPending();
    }

    @AfterAll
    static void stop() throws Exception {
        fanOutOnly.close();
        allTriggers.close();
        plainDynamoDb.close();
        setUp.close();
        FUNCTIONS.close();
    }

    @Test
    void newsYesSurveysNo_getsTheNewsMailingOnly_andOneClickStopsTheNextNewsMailing_leavingSurveysAsTheyWere() {
        TestLearners.Learner learner = TestLearners.next();
        Map<String, Object> form = new HashMap<>(learner.signupFields(true));
        form.put("consents", Map.of(ConsentPurpose.SURVEYS, false));
        assertThat(signup.handleRequest(ApiEvents.post("/v1/profiles", "application/json", Json.of(form)), null)
                .getStatusCode()).isEqualTo(202);
        assertThat(signup.handleRequest(ApiEvents.post("/v1/profiles/verification", "application/json",
                Json.of(Map.of("token", LearnerWayIn.latestTokenTo(learner.email())))), null).getStatusCode())
                .isEqualTo(200);
        String versionInForce = PolicyStaff.publishedThrough(setUp.getBean(PolicyPublishing.class), "notice");

        String news = sent(composed(ConsentPurpose.NEWS_AND_OFFERS));
        String surveys = sent(composed(ConsentPurpose.SURVEYS));
        allTriggers.deliverPending();

        List<SentMail> newsMails = mailsOf(news).get(learner.email().toLowerCase());
        assertThat(newsMails).as("news mailings to a learner who said yes to news").hasSize(1);
        assertThat(mailsOf(surveys)).as("survey mailings").doesNotContainKey(learner.email().toLowerCase());
        SentMail newsMail = newsMails.get(0);
        assertThat(newsMail.text()).contains("Xin chào " + learner.fullName(), "Hello " + learner.fullName());
        assertThat(newsMail.headers()).containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        String unsubscribeUrl = newsMail.headers().get("List-Unsubscribe");
        assertThat(unsubscribeUrl).matches("<https://[^>]+/v1/unsubscribe/[A-Za-z0-9_-]{43}>");

        // What a mail client does with the header: POST the URL, "List-Unsubscribe=One-Click" as the body.
        APIGatewayV2HTTPResponse clicked = oneClick(unsubscribeUrl);
        assertThat(clicked.getStatusCode()).as(clicked.getBody()).isEqualTo(200);
        assertThat(clicked.getBody()).doesNotContain(learner.email(), learner.fullName());
        String next = sent(composed(ConsentPurpose.NEWS_AND_OFFERS));
        allTriggers.deliverPending();

        assertThat(mailsOf(next)).as("the next news mailing").doesNotContainKey(learner.email().toLowerCase());
        String export = journey.get("/v1/profiles/me/export", journey.signIn(learner.email())).getBody();
        Map<String, Object> answers = consentsIn(export);
        assertThat(Json.of(answers.get(ConsentPurpose.NEWS_AND_OFFERS))).as("news answers in the export")
                .contains("\"answer\":\"no\"", "\"channel\":\"signup-form\"",
                        "\"granted\":false", "\"channel\":\"mail-link\"", "\"policyVersion\":\"" + versionInForce + "\"")
                .containsPattern("\"answeredAt\":\"[0-9T:.-]+Z\"");
        assertThat(Json.of(answers.get(ConsentPurpose.SURVEYS))).as("survey answers in the export")
                .contains("\"answer\":\"no\"", "\"channel\":\"signup-form\"").doesNotContain("mail-link");
    }

    @Test
    @Tag(Tier.TAG)
    void mailing_reachesExactlyThoseWhoSaidYes_minusSuppressedAndBeingDeleted_eachOnce_evenRunAgainOrRedelivered() {
        String purposeId = ownPurpose();
        int size = Tier.pick(30, 1_000);
        int yes = Tier.pick(9, 300);
        // Of the active ones, every third of the first 3 x (yes - 1) said yes, the others no or never answered.
        List<Standing> standings = new ArrayList<>();
        for (int n = 0; n < size - 1; n++) {
            standings.add(n % 3 == 0 && n / 3 < yes - 1 ? Standing.active(true)
                    : n % 2 == 0 ? Standing.active(false) : Standing.active());
        }
        standings.add(Standing.beingDeleted(true));
        List<Population.Member> population = Population.answering(setUp, purposeId, standings);
        List<Population.Member> saidYes = new ArrayList<>();
        for (int n = 0; n < size - 1; n++) {
            if (standings.get(n).answers().equals(List.of(true))) {
                saidYes.add(population.get(n));
            }
        }
        Population.Member suppressed = saidYes.remove(0);
        EmailLookupKeys emailKeys = setUp.getBean(EmailLookupKeys.class);
        setUp.getBean(Suppressions.class).suppress(
                emailKeys.lookupKeyOf(EmailAddress.parse(suppressed.learner().email())), suppressed.profileId(),
                "bounce");

        String mailingId = composed(purposeId);
        allTriggers.deliverPending();
        APIGatewayV2HTTPResponse counted = staff.handleRequest(ApiEvents.iamRequest("GET",
                "/v1/admin/mailings/{mailingId}", Map.of("mailingId", mailingId), PolicyStaff.STAFF, null), null);
        assertThat(counted.getStatusCode()).as(counted.getBody()).isEqualTo(200);
        assertThat(Json.read(counted.getBody(), Map.class).get("learnersReached")).as("the count staff see")
                .isEqualTo(yes - 2);
        assertThat(mailsOf(mailingId)).as("mail of a mailing composed, not sent").isEmpty();
        sent(mailingId);
        allTriggers.deliverPending();

        Map<String, List<SentMail>> mails = mailsOf(mailingId);
        assertThat(mails.keySet()).as("whom the mailing reached").containsExactlyInAnyOrderElementsOf(
                saidYes.stream().map(member -> member.learner().email().toLowerCase()).toList());
        assertThat(mails.values()).as("mails per learner").allSatisfy(each -> assertThat(each).hasSize(1));

        sent(mailingId);
        redeliver(mailingId, saidYes.subList(0, 3));
        allTriggers.deliverPending();

        assertThat(countOf(mailingId)).as("mails after a second run and a redelivered batch")
                .isEqualTo(saidYes.size());
        assertThat(RawTables.everything(plainDynamoDb)).as("raw tables after the mailing")
                .doesNotContain("@eco-learner.vn", "+8491", saidYes.get(0).learner().fullName());
    }

    @Test
    void learnerWhoWithdrawsAfterBeingQueued_getsNothing_andTheOthersTheirMail() {
        String purposeId = ownPurpose();
        List<Population.Member> learners = Population.answering(setUp, purposeId,
                List.of(Standing.active(true), Standing.active(true)));
        String mailingId = sent(composed(purposeId));
        fanOutOnly.deliverPending();

        Population.Member withdrawing = learners.get(0);
        String session = journey.signIn(withdrawing.learner().email());
        String etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");
        assertThat(journey.patch(session, etag, Json.of(Map.of("consents", Map.of(purposeId, false))))
                .getStatusCode()).isEqualTo(200);
        allTriggers.deliverPending();

        assertThat(mailsOf(mailingId).keySet()).as("whom the mailing reached")
                .containsExactly(learners.get(1).learner().email().toLowerCase());
    }

    @Test
    void composing_isForStaff_sendingForPublishers_eachAuditedWithRoleAndSession_andBadInputChangesNothing() {
        String clerk = "arn:aws:iam::123456789012:role/staff/clerk-" + UUID.randomUUID();
        String clerkSession = TestStaff.uniqueSessionName();
        String publisherSession = TestStaff.uniqueSessionName();
        String asPublisher = TestStaff.SESSION.replace(TestStaff.SESSION_NAME, publisherSession);
        String mailingId;
        try (StaffFunction staffOfTwoRoles = new StaffFunction(LocalAwsExtension.contextOf("StaffFunction",
                Map.of("LEARNER_STAFF_ROLE_ARNS", TestStaff.ROLE + "," + clerk)))) {
            String asClerk = "arn:aws:sts::123456789012:assumed-role/" + clerk.substring(clerk.lastIndexOf('/') + 1)
                    + "/" + clerkSession;
            APIGatewayV2HTTPResponse composed = compose(staffOfTwoRoles, asClerk, ConsentPurpose.SURVEYS,
                    "Thư tháng này");
            assertThat(composed.getStatusCode()).as("composed by a staff role").isEqualTo(201);
            mailingId = Json.field(composed.getBody(), "mailingId");
            assertThat(send(staffOfTwoRoles, asClerk, mailingId).getStatusCode()).as("sent by a staff role that"
                    + " does not publish").isEqualTo(403);
        }
        APIGatewayV2HTTPResponse unknownPurpose = compose(staff, PolicyStaff.STAFF, "no-such-purpose", "Thư");
        APIGatewayV2HTTPResponse headerInSubject = compose(staff, PolicyStaff.STAFF, ConsentPurpose.SURVEYS,
                "Khảo sát\r\nBcc: someone@example.com");
        APIGatewayV2HTTPResponse unknownMailing = send(staff, PolicyStaff.STAFF, UUID.randomUUID().toString());

        assertThat(unknownPurpose.getStatusCode()).as(unknownPurpose.getBody()).isEqualTo(422);
        assertThat(unknownPurpose.getBody()).contains("unknown-purpose", "/purposeId");
        assertThat(headerInSubject.getStatusCode()).as(headerInSubject.getBody()).isEqualTo(422);
        assertThat(headerInSubject.getBody()).contains("invalid-characters");
        assertThat(unknownMailing.getStatusCode()).as(unknownMailing.getBody()).isEqualTo(404);
        assertThat(send(staff, asPublisher, mailingId).getStatusCode()).isEqualTo(202);
        assertThat(AuditTrail.recordsOf(plainDynamoDb, AuditLog.STAFF_ACCESS).stream()
                .filter(record -> record.containsKey("mailingId") && record.get("mailingId").s().equals(mailingId))
                .map(record -> record.get("event").s() + " " + record.get("actor").s() + " "
                        + record.get("actorSession").s() + " " + record.get("purposeId").s()))
                .as("the mailing's audit records").containsExactlyInAnyOrder(
                        "MAILING_COMPOSED " + clerk + " " + clerkSession + " surveys",
                        "MAILING_SENT " + TestStaff.ROLE + " " + publisherSession + " surveys");
    }

    /** A consent purpose of this test alone. */
    private static String ownPurpose() {
        String purposeId = "workshops-" + UUID.randomUUID().toString().substring(0, 8);
        APIGatewayV2HTTPResponse added = staff.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/consent-purposes",
                Map.of(), PolicyStaff.STAFF, Json.of(Map.of("purposeId", purposeId, "nameVi", "Hội thảo",
                        "nameEn", "Workshops", "descriptionVi", "Thư mời hội thảo.",
                        "descriptionEn", "Invitations to workshops."))), null);
        assertThat(added.getStatusCode()).as(added.getBody()).isEqualTo(201);
        return purposeId;
    }

    /** Composes a mailing whose subject names it alone among the mail sent; see {@link #mailsOf}. */
    private static APIGatewayV2HTTPResponse compose(String purposeId) {
        String tag = UUID.randomUUID().toString();
        APIGatewayV2HTTPResponse composed = compose(staff, PolicyStaff.STAFF, purposeId, "Thư tháng này " + tag);
        if (composed.getStatusCode() == 201) {
            SUBJECT_TAGS.put(Json.field(composed.getBody(), "mailingId"), tag);
        }
        return composed;
    }

    private static APIGatewayV2HTTPResponse compose(StaffFunction function, String caller, String purposeId,
                                                    String subjectVi) {
        return function.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/mailings", Map.of(), caller,
                Json.of(Map.of("purposeId", purposeId, "subjectVi", subjectVi, "subjectEn", "This month",
                        "bodyVi", "Nội dung <b>tháng này</b>.\nDòng hai.", "bodyEn", "This month's news."))), null);
    }

    private static APIGatewayV2HTTPResponse send(StaffFunction function, String caller, String mailingId) {
        return function.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/mailings/{mailingId}/sending",
                Map.of("mailingId", mailingId), caller, null), null);
    }

    /** A new mailing's id. */
    private static String composed(String purposeId) {
        APIGatewayV2HTTPResponse composed = compose(purposeId);
        assertThat(composed.getStatusCode()).as(composed.getBody()).isEqualTo(201);
        return Json.field(composed.getBody(), "mailingId");
    }

    /** Has the mailing sent by a publisher; returns its id. */
    private static String sent(String mailingId) {
        APIGatewayV2HTTPResponse sent = send(staff, PolicyStaff.STAFF, mailingId);
        assertThat(sent.getStatusCode()).as(sent.getBody()).isEqualTo(202);
        return mailingId;
    }

    /** Every mail of a mailing, by recipient (lower case): its subject carries the mailing's tag. */
    private static Map<String, List<SentMail>> mailsOf(String mailingId) {
        String tag = SUBJECT_TAGS.get(mailingId);
        return LocalAwsExtension.aws().sentMail().stream()
                .filter(mail -> mail.subject().contains(tag))
                .collect(Collectors.groupingBy(mail -> mail.to().get(0).toLowerCase(), Collectors.toList()));
    }

    private static long countOf(String mailingId) {
        return mailsOf(mailingId).values().stream().mapToLong(List::size).sum();
    }

    private static APIGatewayV2HTTPResponse oneClick(String listUnsubscribe) {
        String path = listUnsubscribe.replaceAll("^<https://[^/]+", "").replaceAll(">$", "");
        return policy.handleRequest(ApiEvents.post(path, "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click"), null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> consentsIn(String export) {
        List<Map<String, Object>> consents = (List<Map<String, Object>>) Json.read(export, Map.class).get("consents");
        return consents.stream().collect(Collectors.toMap(entry -> (String) entry.get("purposeId"), entry -> entry));
    }

    /** A batch of these learners put on the mail queue again, as SQS may deliver a message twice. */
    private static void redeliver(String mailingId, List<Population.Member> members) {
        MailBatch batch = MailBatch.ofMailing(mailingId, members.stream().map(Population.Member::profileId).toList());
        try (SqsClient sqs = SqsClient.create()) {
            sqs.sendMessage(request -> request.queueUrl(LocalAwsExtension.aws().physicalId("PolicyMailQueue"))
                    .messageBody(Json.of(batch)));
        }
    }
}
