package coach.eco.learners.policy;

import coach.eco.learners.local.LocalTriggers;
import coach.eco.learners.mail.MailEventsFunction;
import coach.eco.learners.local.SentMail;
import coach.eco.learners.purge.ErasureService;
import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.staff.StaffFunction;
import coach.eco.learners.testing.AtOnce;
import coach.eco.learners.testing.AwsFaults;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.Population;
import coach.eco.learners.testing.ReadyLearners;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.testing.PolicyStaff;
import coach.eco.learners.testing.TestStaff;
import coach.eco.learners.testing.FunctionsUnderTest;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.KmsCalls;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.PublishedMetrics;
import coach.eco.learners.testing.Tier;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.account.UpdateFunction;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy-change mailing through the real path: the staff route publishes, the EventBridge rule's
 * event reaches the fan-out, its SQS batches reach the sender, SES sends. The population fills more
 * than one message of the queue and is enough for the KMS bound to allow one call (110 learners
 * mailed) in the everyday tier, 2,000 in the full one; the packing of messages into SQS calls is
 * {@code BatchQueueTest}'s, the pace a figure of {@code infra/benchmark.sh PolicyMailingBenchmark}.
 */
@ExtendWith(LocalAwsExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyMailingIT {
    private static final Map<String, String> FAST_SENDER = Map.of("LEARNER_POLICY_MAILS_PER_SECOND", "1000");
    /**
     * The learners already in the table, and the purge's erasures, are set-up standing for what came
     * before: written with no call timeout a loaded emulator could reach (in AWS a timed-out purge
     * is retried by its next run).
     */
    private static final Map<String, String> UNHURRIED = Map.of("LEARNER_AWS_CALL_TIMEOUT", "PT60S");

    private static final FunctionsUnderTest FUNCTIONS = new FunctionsUnderTest();

    private static PolicyFunction policy;
    private static SignupFunction signup;
    private static UpdateFunction update;
    private static ApplicationContext setUp;
    private static LocalTriggers publicationOnly;
    private static LocalTriggers allTriggers;
    private static DynamoDbClient plainDynamoDb;
    private static StaffFunction staffFunction;
    private static PolicyStaff staff;
    private static MailEventsFunction mailEvents;
    private static PolicyMailFunction sender;
    private static final ObjectMapper OBJECTS = new ObjectMapper();

    @BeforeAll
    static void start() {
        policy = FUNCTIONS.start(PolicyFunction::new, "PolicyFunction");
        setUp = LocalAwsExtension.contextOf("PolicyFunction", UNHURRIED);
        PolicyFanOutFunction fanOut = FUNCTIONS.start(PolicyFanOutFunction::new, "PolicyFanOutFunction");
        sender = FUNCTIONS.start(PolicyMailFunction::new, "PolicyMailFunction", FAST_SENDER);
        mailEvents = FUNCTIONS.start(MailEventsFunction::new, "MailEventsFunction");
        signup = FUNCTIONS.start(SignupFunction::new, "SignupFunction");
        update = FUNCTIONS.start(UpdateFunction::new, "UpdateFunction");
        publicationOnly = new LocalTriggers(LocalAwsExtension.template(), LocalAwsExtension.aws(),
                Map.of("PolicyFanOutFunction", fanOut));
        allTriggers = new LocalTriggers(LocalAwsExtension.template(), LocalAwsExtension.aws(),
                Map.of("PolicyFanOutFunction", fanOut, "PolicyMailFunction", sender, "MailEventsFunction", mailEvents));
        plainDynamoDb = DynamoDbClient.create();
        staffFunction = FUNCTIONS.start(StaffFunction::new, "StaffFunction");
        staff = new PolicyStaff(staffFunction);
        // Whatever an earlier test class left queued goes out first.
        allTriggers.deliverPending();
    }

    @AfterAll
    static void stop() throws Exception {
        publicationOnly.close();
        allTriggers.close();
        plainDynamoDb.close();
        setUp.close();
        FUNCTIONS.close();
    }

    /** Last: each version reaches every learner in the table, and this one fills it. */
    @Test
    @Order(Integer.MAX_VALUE)
    @Tag(Tier.TAG)
    void consentVersion_mailsEveryReachableLearnerExactlyOnce_andNobodyElse_evenRunAgainOrRedelivered() {
        List<Population.Member> active = Population.active(setUp, Tier.pick(100, 1_700));
        List<Population.Member> deactivated = Population.deactivated(setUp, Tier.pick(10, 150));
        List<Population.Member> erased = Population.dueForErasure(setUp, Tier.pick(5, 50));
        List<Population.Member> unverified = Population.unverified(setUp, Tier.pick(5, 100));

        String versionId = staff.published("consent");
        publicationOnly.deliverPending();
        // Queued, then erased by the purge before their batch is mailed.
        ErasureService erasure = setUp.getBean(ErasureService.class);
        erased.forEach(member -> assertThat(erasure.erase(member.profileId())).isTrue());
        List<String> kmsCalls = KmsCalls.during(allTriggers::deliverPending);

        Map<String, List<SentMail>> mails = PolicyMail.ofVersion(versionId);
        for (Population.Member member : concat(active, deactivated)) {
            assertThat(mails.get(member.learner().email().toLowerCase())).as("policy mails to a reachable learner")
                    .hasSize(1);
        }
        for (Population.Member member : concat(erased, unverified)) {
            assertThat(mails).as("policy mails to an erased or unverified learner")
                    .doesNotContainKey(member.learner().email().toLowerCase());
        }
        SentMail paused = mails.get(deactivated.get(0).learner().email().toLowerCase()).get(0);
        assertThat(paused.text()).contains("đang ngừng sử dụng", "Your Eco Coach profile is deactivated");
        SentMail toActive = mails.get(active.get(0).learner().email().toLowerCase()).get(0);
        assertThat(toActive.text()).doesNotContain("đang ngừng sử dụng")
                .contains("Chào " + active.get(0).learner().fullName(), "/accept-policy#version=" + versionId + "&token=",
                        "/refuse-policy#version=" + versionId + "&token=");
        long sent = mails.values().stream().mapToLong(List::size).sum();
        assertThat(kmsCalls.size()).as("KMS calls for %d emails: at most 10 per 1,000 (%s)", sent, kmsCalls)
                .isLessThanOrEqualTo((int) (sent * 10 / 1000));
        long toGuardians = PolicyMail.toGuardians(versionId);
        assertThat(staff.read(versionId).getBody()).contains("\"sent\":" + (sent - toGuardians),
                "\"sentToGuardians\":" + toGuardians, "\"failed\":0");

        staff.announceAgain(versionId);
        allTriggers.deliverPending();
        redeliver(versionId, active.subList(0, 50));
        allTriggers.deliverPending();

        assertThat(PolicyMail.countOf(versionId)).as("mails after a second run and a redelivered batch")
                .isEqualTo(sent);
        // Every test learner's email is at one domain, every phone starts alike: one search finds any.
        assertThat(RawTables.everything(plainDynamoDb)).as("raw tables after the mailing")
                .doesNotContain("@eco-learner.vn", "+8491", active.get(0).learner().fullName());
    }

    @Test
    @Order(1)
    void answersByLink_areRecordedOnce_forTheirLearnerOnly_andShowInTheProfile() {
        List<Population.Member> learners = Population.active(setUp, 4);
        String versionId = staff.published("consent");
        allTriggers.deliverPending();
        Function<String, SentMail> mailTo = PolicyMail.onlyMailOf(versionId);
        Population.Member accepting = learners.get(0);
        Population.Member refusing = learners.get(2);
        SentMail acceptingMail = mailTo.apply(accepting.learner().email());
        SentMail refusingMail = mailTo.apply(refusing.learner().email());
        String accept = PolicyMail.tokenOf(acceptingMail, "/accept-policy");

        APIGatewayV2HTTPResponse accepted = PolicyMail.answerByLink(policy, "acceptance", accept);
        APIGatewayV2HTTPResponse refused = PolicyMail.answerByLink(policy, "refusal", PolicyMail.tokenOf(refusingMail, "/refuse-policy"));

        // The token alone is no sign-in: the answer tells what was answered, nothing of the learner.
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(200);
        assertThat(Json.read(accepted.getBody(), Map.class)).isEqualTo(Map.of("versionId", versionId, "accepted", true));
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(200);
        assertThat(Json.read(refused.getBody(), Map.class)).isEqualTo(Map.of("versionId", versionId, "accepted", false));
        assertThat(accepted.getBody() + refused.getBody()).doesNotContain(accepting.profileId(), refusing.profileId(),
                accepting.learner().email(), refusing.learner().email());
        assertThat(PolicyMail.answerByLink(policy, "acceptance", accept).getStatusCode()).as("a link used twice").isEqualTo(400);
        assertThat(PolicyMail.answerByLink(policy, "refusal", PolicyMail.tokenOf(acceptingMail, "/accept-policy")).getStatusCode())
                .as("an accept link posted as a refusal").isEqualTo(400);
        assertThat(PolicyMail.answerByLink(policy, "refusal", PolicyMail.tokenOf(acceptingMail, "/refuse-policy")).getStatusCode())
                .as("the refuse link of a mail already answered by its accept link").isEqualTo(400);
        assertThat(PolicyMail.answerByLink(policy, "acceptance", PolicyMail.tokenOf(refusingMail, "/accept-policy")).getStatusCode())
                .as("the accept link of a mail already answered by its refuse link").isEqualTo(400);
        assertThat(staff.read(versionId).getBody()).contains("\"accepted\":1", "\"refused\":1");
        assertThat(coach.eco.learners.testing.Outbox.mailTo(refusing.learner().email()))
                .anySatisfy(mail -> assertThat(mail.text()).contains("không đồng ý", "/delete-profile"));

        LearnerJourney journey = new LearnerJourney(signup, update);
        String session = journey.signIn(accepting.learner().email());
        APIGatewayV2HTTPResponse me = journey.get("/v1/profiles/me", session);
        assertThat(me.getBody()).contains("\"policyVersion\":\"" + versionId + "\",\"accepted\":true");
        APIGatewayV2HTTPResponse export = journey.get("/v1/profiles/me/export", session);
        assertThat(export.getBody()).contains("\"policyVersion\":\"" + versionId + "\",\"accepted\":true");
    }

    /**
     * A learner under 16 whose guardian consented, and an adult: the child and the guardian each get the mail
     * once, though the sender's claim of the guardian's delivery record fails after the child's mail went and the
     * batch comes again; the guardian's refuse link records a refusal as the guardian's, which stands against the
     * child's own yes, in the child's profile and its export.
     */
    @Test
    @Order(1)
    void aMinorsGuardian_getsTheMailAboutTheChildOnce_evenCutOffAfterTheChilds_andTheirRefusalIsRecordedAsTheirs() {
        Population.Member adult = Population.active(setUp, 1).get(0);
        Population.Member child = Population.minor(setUp);
        String guardian = TestLearners.guardianOf(child.learner());
        String versionId = staff.published("consent");

        AwsFaults.Faulted<SQSBatchResponse> cut = AwsFaults.at("DynamoDb.PutItem LookupTable #2",
                AwsFaults.Fault.THROTTLED, () -> sender.handleRequest(batchOf(versionId, child), null));

        assertThat(cut.fired()).as("the guardian's claim was made").isTrue();
        assertThat(cut.result().getBatchItemFailures()).as("the batch handed back").hasSize(1);
        assertThat(PolicyMail.ofVersion(versionId)).as("mails before the batch comes again")
                .containsOnlyKeys(child.learner().email().toLowerCase());
        allTriggers.deliverPending();
        redeliver(versionId, List.of(child));
        allTriggers.deliverPending();

        Function<String, SentMail> mailTo = PolicyMail.onlyMailOf(versionId);
        SentMail toGuardian = mailTo.apply(guardian);
        SentMail toChild = mailTo.apply(child.learner().email());
        mailTo.apply(adult.learner().email());
        String name = child.learner().fullName();
        assertThat(toGuardian.subject()).contains("về hồ sơ của con em", "about your child's profile");
        assertThat(toGuardian.text()).startsWith("Xin chào,")
                .contains("cha mẹ hoặc người giám hộ của " + name, "parent or guardian of " + name,
                        "/refuse-policy#version=" + versionId + "&token=")
                .doesNotContain("Chào " + name);
        assertThat(toChild.text()).startsWith("Chào " + name);

        APIGatewayV2HTTPResponse refused = PolicyMail.answerByLink(policy, "refusal",
                PolicyMail.tokenOf(toGuardian, "/refuse-policy"));
        APIGatewayV2HTTPResponse accepted = PolicyMail.answerByLink(policy, "acceptance",
                PolicyMail.tokenOf(toChild, "/accept-policy"));

        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(200);
        assertThat(Json.read(refused.getBody(), Map.class)).isEqualTo(Map.of("versionId", versionId, "accepted", false));
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(200);
        assertThat(coach.eco.learners.testing.Outbox.mailTo(guardian)).as("the guardian's confirmation")
                .anySatisfy(mail -> assertThat(mail.text()).contains("không đồng ý", name));
        assertThat(staff.read(versionId).getBody()).as("counts: the guardian's no stands against the child's yes")
                .contains("\"accepted\":0", "\"refused\":1", "\"failed\":0",
                        "\"sentToGuardians\":" + PolicyMail.toGuardians(versionId));
        LearnerJourney journey = new LearnerJourney(signup, update);
        String session = journey.signIn(child.learner().email());
        for (String view : List.of("/v1/profiles/me", "/v1/profiles/me/export")) {
            List<?> answers = (List<?>) Json.read(journey.get(view, session).getBody(), Map.class).get("policyAnswers");
            assertThat(answers.stream().map(answer -> (Map<?, ?>) answer)
                    .filter(answer -> versionId.equals(answer.get("policyVersion")))
                    .map(answer -> List.of(answer.get("accepted"), answer.get("channel"), answer.get("actor"))))
                    .as("the answers to the version in %s, oldest first", view)
                    .containsExactly(List.of(false, "EMAIL_LINK", "guardian"), List.of(true, "EMAIL_LINK", "learner"));
        }
    }

    /** A guardian's address that bounced is suppressed by its own lookup key: the child is still mailed. */
    @Test
    @Order(2)
    void aGuardiansAddressThatBounced_getsNoPolicyMail_butTheChildDoes() throws Exception {
        Population.Member child = Population.minor(setUp);
        String guardian = TestLearners.guardianOf(child.learner());
        putOnTheBus(permanentBounce(guardian, "MailConfigurationSet"));
        allTriggers.deliverPending();

        String versionId = staff.published("notice");
        allTriggers.deliverPending();

        Map<String, List<SentMail>> mails = PolicyMail.ofVersion(versionId);
        assertThat(mails).as("the guardian's bounced address").doesNotContainKey(guardian.toLowerCase());
        assertThat(mails.get(child.learner().email().toLowerCase())).as("mail to the child").hasSize(1);
    }

    @Test
    @Order(1)
    void answerLink_clickedTwiceAtOnce_worksExactlyOnce() throws Exception {
        Population.Member learner = Population.active(setUp, 1).get(0);
        String versionId = staff.published("consent");
        allTriggers.deliverPending();
        String accept = PolicyMail.tokenOf(PolicyMail.onlyMailOf(versionId).apply(learner.learner().email()),
                "/accept-policy");

        List<APIGatewayV2HTTPResponse> clicks = AtOnce.twice(() -> PolicyMail.answerByLink(policy, "acceptance", accept));

        assertThat(clicks).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactlyInAnyOrder(200, 400);
        assertThat(clicks).filteredOn(click -> click.getStatusCode() == 400).singleElement()
                .satisfies(used -> assertThat(used.getBody()).contains("invalid-link"));
        assertThat(AuditTrail.eventsOf(plainDynamoDb, learner.profileId())).containsOnlyOnce("POLICY_ACCEPTED");
        assertThat(staff.read(versionId).getBody()).contains("\"accepted\":1", "\"refused\":0");
    }

    /** SES reports an address at an internationalised domain in its ASCII form: the learner who typed it is suppressed. */
    @Test
    @Order(2)
    void permanentBounce_ofAnAddressAtAnInternationalisedDomain_stopsItsLearnersMail() throws Exception {
        TestLearners.Learner typed = TestLearners.next();
        String mailbox = typed.email().substring(0, typed.email().indexOf('@'));
        String profileId = new ReadyLearners(setUp).confirmed(new TestLearners.Learner(typed.fullName(), typed.phone(),
                typed.phoneE164(), TestLearners.pii(mailbox + "@học.vn")));
        String reported = TestLearners.pii(mailbox + "@" + IDN.toASCII("học.vn"));
        Population.Member other = Population.active(setUp, 1).get(0);

        putOnTheBus(permanentBounce(reported, "MailConfigurationSet"));
        allTriggers.deliverPending();
        String versionId = staff.published("notice");
        allTriggers.deliverPending();

        assertThat(suppressionMarks()).as("the learner's mark")
                .anyMatch(mark -> AttributeValue.fromS(profileId).equals(mark.get("profileId")));
        Map<String, List<SentMail>> mails = PolicyMail.ofVersion(versionId);
        assertThat(mails).as("the bounced address").doesNotContainKey(reported);
        assertThat(mails.get(other.learner().email().toLowerCase())).as("another learner").hasSize(1);
    }

    @Test
    @Order(2)
    void permanentBounce_stopsTheNextVersionsEmail_untilTheLearnerSignsInAgain() throws Exception {
        List<Population.Member> learners = Population.active(setUp, 2);
        String bounced = learners.get(0).learner().email();
        putOnTheBus(permanentBounce(bounced, "MailConfigurationSet"));
        allTriggers.deliverPending();

        String versionId = staff.published("notice");
        allTriggers.deliverPending();

        Map<String, List<SentMail>> mails = PolicyMail.ofVersion(versionId);
        assertThat(mails).as("the bounced address").doesNotContainKey(bounced.toLowerCase());
        assertThat(mails.get(learners.get(1).learner().email().toLowerCase())).hasSize(1);

        new LearnerJourney(signup, update).signIn(bounced);
        staff.announceAgain(versionId);
        allTriggers.deliverPending();
        Map<String, List<SentMail>> afterSecondRun = PolicyMail.ofVersion(versionId);
        assertThat(afterSecondRun.get(bounced.toLowerCase())).as("after signing in again").hasSize(1);
        assertThat(afterSecondRun.get(learners.get(1).learner().email().toLowerCase()))
                .as("the learner mailed by the first run, after the second").hasSize(1);
    }

    @Test
    @Order(2)
    void aBounceOfAnotherApplicationsMail_orAnEventNotFromSes_suppressesNobody() throws Exception {
        Population.Member learner = Population.active(setUp, 1).get(0);
        String address = learner.learner().email();
        putOnTheBus(permanentBounce(address, "another-application"));
        allTriggers.deliverPending();
        // Anyone allowed to invoke the function directly can write any source and tags: still SES's shape, not SES.
        ScheduledEvent forged = new ScheduledEvent().withId(UUID.randomUUID().toString())
                .withSource("learner-profiles.policy").withDetailType("Email Bounced")
                .withDetail(OBJECTS.convertValue(permanentBounce(address, "MailConfigurationSet").get("detail"),
                        new TypeReference<Map<String, Object>>() { }));
        assertThat(mailEvents.handleRequest(forged, null)).as("addresses suppressed").isZero();

        String versionId = staff.published("notice");
        allTriggers.deliverPending();

        assertThat(PolicyMail.ofVersion(versionId).get(address.toLowerCase())).as("mail to the learner").hasSize(1);
    }

    /** A complaint suppresses its address as a permanent bounce does; a transient bounce is SES's to retry. */
    @Test
    @Order(2)
    void aComplaint_suppressesItsAddress_butATransientBounceSuppressesNobody() throws Exception {
        List<Population.Member> learners = Population.active(setUp, 2);
        Population.Member complained = learners.get(0);
        Population.Member softBounced = learners.get(1);

        putOnTheBus(complaint(complained.learner().email()));
        putOnTheBus(transientBounce(softBounced.learner().email()));
        allTriggers.deliverPending();

        assertThat(suppressionMarks()).as("the complainant's mark")
                .anyMatch(mark -> AttributeValue.fromS(complained.profileId()).equals(mark.get("profileId")));
        assertThat(suppressionMarks()).as("a mark for the address that bounced for now")
                .noneMatch(mark -> AttributeValue.fromS(softBounced.profileId()).equals(mark.get("profileId")));
    }

    @Test
    @Order(2)
    void aBounceOfAnAddressThatIsNobodys_isSuppressedFor90Days_aLearnersUntilTheySignInAgain() throws Exception {
        Population.Member learner = Population.active(setUp, 1).get(0);
        Set<Map<String, AttributeValue>> before = Set.copyOf(suppressionMarks());

        putOnTheBus(permanentBounce("nobody-" + UUID.randomUUID() + "@eco-learner.vn", "MailConfigurationSet"));
        putOnTheBus(permanentBounce(learner.learner().email(), "MailConfigurationSet"));
        allTriggers.deliverPending();

        List<Map<String, AttributeValue>> added = suppressionMarks().stream().filter(mark -> !before.contains(mark))
                .toList();
        assertThat(added).hasSize(2);
        Map<String, AttributeValue> nobodys = added.stream().filter(mark -> !mark.containsKey("profileId"))
                .findFirst().orElseThrow();
        long lapses = Long.parseLong(nobodys.get("expiresAt").n());
        assertThat(Instant.ofEpochSecond(lapses)).isBetween(Instant.now().plus(Duration.ofDays(89)),
                Instant.now().plus(Duration.ofDays(91)));
        assertThat(added).filteredOn(mark -> mark.containsKey("profileId"))
                .singleElement().satisfies(mark -> assertThat(mark).doesNotContainKey("expiresAt"));
    }

    @Test
    @Order(3)
    void policyEmail_isVietnameseThenEnglish_withEveryValueEscaped_andIsKeptForReview() throws Exception {
        Population.Member learner = Population.activeNamed(setUp, "Lan O'Brien Nguyễn");
        String versionId = staff.published("consent");
        allTriggers.deliverPending();

        SentMail mail = PolicyMail.onlyMailOf(versionId).apply(learner.learner().email());

        assertThat(mail.subject()).startsWith("Chính sách quyền riêng tư thay đổi / Our privacy policy is changing");
        assertThat(mail.html()).contains("Chào Lan O&#39;Brien Nguyễn",
                "&lt;b&gt;phù hợp&lt;/b&gt; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain("<script>", "<b>phù hợp</b>");
        assertThat(mail.html().indexOf("lang=\"vi\"")).isLessThan(mail.html().indexOf("lang=\"en\""));
        assertThat(mail.text()).contains("Chào Lan O'Brien Nguyễn", "Hello Lan O'Brien Nguyễn",
                "<b>phù hợp</b> <script>alert('x')</script>");
        assertThat(mail.text().indexOf("Tôi đồng ý")).isLessThan(mail.text().indexOf("I agree"));
        // For review (docs/mail/): the HTML part as a mail client renders it.
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/policy-change-email.html"), mail.html());
    }

    /**
     * One learner of the mailing's batch fails its integrity check: the batch's read falls back to
     * reads by item, that learner is parked and counted, the others of the batch are mailed.
     */
    @Test
    @Order(4)
    void aLearnerWhoseProfileFailsItsIntegrityCheck_isParkedAndCounted_andTheOthersOfTheBatchAreMailed() {
        List<Population.Member> learners = Population.active(setUp, 3);
        Population.Member unreadable = learners.get(0);
        setStatus(unreadable.profileId(), "DEACTIVATED");
        try {
            String versionId = staff.published("notice");
            PublishedMetrics mailing = PublishedMetrics.during(allTriggers::deliverPending);

            Map<String, List<SentMail>> mails = PolicyMail.ofVersion(versionId);
            assertThat(mails).as("the learner whose profile fails its check")
                    .doesNotContainKey(unreadable.learner().email().toLowerCase());
            for (Population.Member readable : learners.subList(1, 3)) {
                assertThat(mails.get(readable.learner().email().toLowerCase())).as("a learner of the same batch")
                        .hasSize(1);
            }
            assertThat(mailing.sum(Metric.MAIL_PARKED)).as("learners parked").isEqualTo(1);
        } finally {
            // The signed value again: the later mailings of this class find the profile as it was written.
            setStatus(unreadable.profileId(), "ACTIVE");
        }
    }

    /**
     * A version is mailed only once a second publisher approves it; one never approved is never mailed, even on a
     * publication event put on the bus for it or a batch put on the mail queue (as anyone in the account could).
     */
    @Test
    @Order(6)
    void aVersion_isMailedOnlyOnceASecondPublisherApprovesIt_andOneNeverApprovedIsNeverMailed() {
        Population.Member member = Population.active(setUp, 1).get(0);
        String learner = member.learner().email().toLowerCase();
        String awaiting = PolicyStaff.newVersionId();
        String neverApproved = PolicyStaff.newVersionId();
        assertThat(staff.publish(PolicyStaff.draft(awaiting, "notice")).getStatusCode()).isEqualTo(201);
        assertThat(staff.publish(PolicyStaff.draft(neverApproved, "consent")).getStatusCode()).isEqualTo(201);
        try (var events = software.amazon.awssdk.services.eventbridge.EventBridgeClient.create()) {
            events.putEvents(request -> request.entries(entry -> entry.source(PolicyPublishing.EVENT_SOURCE)
                    .detailType(PolicyPublishing.EVENT_DETAIL_TYPE)
                    .detail(Json.of(Map.of("versionId", neverApproved)))));
        }
        redeliver(neverApproved, List.of(member));
        allTriggers.deliverPending();

        assertThat(PolicyMail.ofVersion(awaiting)).as("before the approval").isEmpty();

        APIGatewayV2HTTPResponse approved = new PolicyStaff(staffFunction, TestStaff.SECOND_SESSION).approve(awaiting);
        assertThat(approved.getStatusCode()).as(approved.getBody()).isEqualTo(200);
        allTriggers.deliverPending();

        assertThat(PolicyMail.ofVersion(awaiting).get(learner)).as("after the approval").hasSize(1);
        assertThat(PolicyMail.ofVersion(neverApproved)).as("never approved").isEmpty();
    }

    /**
     * The links of a version effective in 30 days: 2 days after it takes effect they still work, past
     * the 3 days' grace they do not, though 60 days from the mail have not passed.
     */
    @Test
    @Order(5)
    void answerLinks_workUntilTheGraceAfterTheVersionTakesEffect_andNotAfter() {
        List<Population.Member> learners = Population.active(setUp, 2);
        String versionId = staff.published("consent");
        allTriggers.deliverPending();
        Function<String, SentMail> mailTo = PolicyMail.onlyMailOf(versionId);
        LocalDate effective = LocalDate.parse(LearnerJourney.field(staff.read(versionId).getBody(),
                "effectiveDate"));
        Instant takesEffect = effective.atStartOfDay(ZoneId.of("Asia/Ho_Chi_Minh")).toInstant();
        MutableClock later = new MutableClock();

        try (PolicyFunction policyLater = new PolicyFunction(LocalAwsExtension.contextOf("PolicyFunction", later))) {
            later.advance(Duration.between(later.instant(), takesEffect.plus(Duration.ofDays(2))));
            APIGatewayV2HTTPResponse inGrace = PolicyMail.answerByLink(policyLater, "acceptance",
                    PolicyMail.tokenOf(mailTo.apply(learners.get(0).learner().email()), "/accept-policy"));
            later.advance(Duration.ofDays(1).plusHours(1));
            APIGatewayV2HTTPResponse pastGrace = PolicyMail.answerByLink(policyLater, "acceptance",
                    PolicyMail.tokenOf(mailTo.apply(learners.get(1).learner().email()), "/accept-policy"));

            assertThat(inGrace.getStatusCode()).as(inGrace.getBody()).isEqualTo(200);
            assertThat(pastGrace.getStatusCode()).as(pastGrace.getBody()).isEqualTo(400);
            assertThat(pastGrace.getBody()).contains("invalid-link");
        }
        assertThat(staff.read(versionId).getBody()).contains("\"accepted\":1");
    }

    /** Sets the stored profile's status, a signed attribute, without the encryption client: a read checks it. */
    private static void setStatus(String profileId, String status) {
        plainDynamoDb.updateItem(request -> request.tableName(LocalAwsExtension.aws().physicalId("ProfilesTable"))
                .key(Map.of("profileId", AttributeValue.fromS(profileId)))
                .updateExpression("SET #status = :status")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":status", AttributeValue.fromS(status))));
    }

    /** One message of the mail queue with a batch of this learner, as SQS hands it to the sender. */
    private static SQSEvent batchOf(String versionId, Population.Member member) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody(Json.of(new MailBatch(versionId, List.of(member.profileId()), false)));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    /** A batch of these learners put on the mail queue, as SQS may deliver a message twice. */
    private static void redeliver(String versionId, List<Population.Member> members) {
        MailBatch batch = new MailBatch(versionId, members.stream().map(Population.Member::profileId).toList(), false);
        try (SqsClient sqs = SqsClient.create()) {
            sqs.sendMessage(request -> request.queueUrl(LocalAwsExtension.aws().physicalId("PolicyMailQueue"))
                    .messageBody(Json.of(batch)));
        }
    }

    @SafeVarargs
    private static List<Population.Member> concat(List<Population.Member>... lists) {
        List<Population.Member> all = new ArrayList<>();
        for (List<Population.Member> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    /** SES's report of a permanent bounce of mail to {@code address} sent under {@code configurationSet}. */
    private static JsonNode permanentBounce(String address, String configurationSet) throws IOException {
        try (InputStream fixture = PolicyMailingIT.class.getResourceAsStream("/events/ses-permanent-bounce.json")) {
            return OBJECTS.readTree(new String(fixture.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{address}}", address).replace("\"MailConfigurationSet\"]", "\"" + configurationSet + "\"]"));
        }
    }

    private static JsonNode transientBounce(String address) throws IOException {
        ObjectNode event = (ObjectNode) permanentBounce(address, "MailConfigurationSet");
        ((ObjectNode) event.get("detail").get("bounce")).put("bounceType", "Transient").put("bounceSubType", "MailboxFull");
        return event;
    }

    /** SES's report of a recipient marking the mail as spam. */
    private static JsonNode complaint(String address) throws IOException {
        ObjectNode event = (ObjectNode) permanentBounce(address, "MailConfigurationSet");
        event.put("detail-type", "Email Complaint Received");
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.remove("bounce");
        detail.put("eventType", "Complaint");
        detail.putObject("complaint").put("feedbackId", "0100018c-complaint-feedback")
                .put("complaintFeedbackType", "abuse").put("timestamp", "2026-11-27T03:00:00.000Z")
                .putArray("complainedRecipients").addObject().put("emailAddress", address);
        return event;
    }

    /** As SES puts a report on the default bus through the configuration set's event destination. */
    private static void putOnTheBus(JsonNode event) {
        try (EventBridgeClient events = EventBridgeClient.create()) {
            events.putEvents(request -> request.entries(entry -> entry.source(event.get("source").asText())
                    .detailType(event.get("detail-type").asText()).detail(event.get("detail").toString())));
        }
    }

    /** The suppression marks in the lookup table, as stored. */
    private static List<Map<String, AttributeValue>> suppressionMarks() {
        return plainDynamoDb.scanPaginator(scan -> scan.tableName(LocalAwsExtension.aws().physicalId("LookupTable"))
                        .filterExpression("begins_with(lookupKey, :suppressed)")
                        .expressionAttributeValues(Map.of(":suppressed", AttributeValue.fromS("suppressed#"))))
                .items().stream().toList();
    }
}
