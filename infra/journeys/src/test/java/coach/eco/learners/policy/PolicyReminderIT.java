package coach.eco.learners.policy;

import coach.eco.learners.local.LocalTriggers;
import coach.eco.learners.local.SentMail;
import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.staff.StaffFunction;
import coach.eco.learners.testing.Population;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.testing.PolicyStaff;
import coach.eco.learners.testing.FunctionsUnderTest;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.account.UpdateFunction;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one reminder of a consent version, through the real path: the daily schedule's run queues
 * it, the sender mails it. Runs before the 2,000-learner mailing fills the table.
 */
@ExtendWith(LocalAwsExtension.class)
@Order(1)
class PolicyReminderIT {
    /** The reminder lead of the template's default. */
    private static final int LEAD_DAYS = 7;

    private static final MutableClock CLOCK = new MutableClock();
    private static final FunctionsUnderTest FUNCTIONS = new FunctionsUnderTest();

    private static ApplicationContext policyContext;
    private static PolicyFunction policy;
    private static PolicyReminderFunction reminders;
    private static SignupFunction signup;
    private static UpdateFunction update;
    private static LocalTriggers triggers;
    private static PolicyStaff staff;

    @BeforeAll
    static void start() {
        policy = FUNCTIONS.start(PolicyFunction::new, "PolicyFunction");
        policyContext = policy.getApplicationContext();
        reminders = FUNCTIONS.start(PolicyReminderFunction::new, "PolicyReminderFunction", CLOCK);
        PolicyFanOutFunction fanOut = FUNCTIONS.start(PolicyFanOutFunction::new, "PolicyFanOutFunction");
        PolicyMailFunction sender = FUNCTIONS.start(PolicyMailFunction::new, "PolicyMailFunction",
                Map.of("LEARNER_POLICY_MAILS_PER_SECOND", "1000"));
        signup = FUNCTIONS.start(SignupFunction::new, "SignupFunction");
        update = FUNCTIONS.start(UpdateFunction::new, "UpdateFunction");
        triggers = new LocalTriggers(LocalAwsExtension.template(), LocalAwsExtension.aws(),
                Map.of("PolicyFanOutFunction", fanOut, "PolicyMailFunction", sender));
        staff = new PolicyStaff(FUNCTIONS.start(StaffFunction::new, "StaffFunction"));
        triggers.deliverPending();
    }

    @AfterAll
    static void stop() throws Exception {
        triggers.close();
        FUNCTIONS.close();
    }

    @Test
    void consentVersion_remindsWhoHasNotAnswered_onceOnItsDay_andTheReminderLinkRecordsTheAnswer() {
        List<Population.Member> learners = Population.active(policyContext, 2);
        Population.Member answered = learners.get(0);
        Population.Member silent = learners.get(1);
        // A child who answered, whose guardian did not: each is reminded for their own answer.
        Population.Member child = Population.minor(policyContext);
        String guardian = TestLearners.guardianOf(child.learner()).toLowerCase();
        String consent = staff.published("consent");
        String notice = staff.published("notice");
        triggers.deliverPending();
        for (Population.Member answering : List.of(answered, child)) {
            String accept = PolicyMail.tokenOf(PolicyMail.onlyMailOf(consent).apply(answering.learner().email()),
                    "/accept-policy");
            assertThat(PolicyMail.answerByLink(policy, "acceptance", accept).getStatusCode()).isEqualTo(200);
        }

        LocalDate effective = LocalDate.parse(LearnerJourney.field(staff.read(consent).getBody(), "effectiveDate"));
        setClockToNoonInVietnam(effective.minusDays(LEAD_DAYS + 1));
        runTheDailySchedule();
        assertThat(remindersOf(consent)).as("reminders the day before the reminder day").isEmpty();

        setClockToNoonInVietnam(effective.minusDays(LEAD_DAYS));
        runTheDailySchedule();
        runTheDailySchedule();

        Map<String, List<SentMail>> reminded = remindersOf(consent);
        assertThat(reminded).as("reminders, by recipient").doesNotContainKeys(answered.learner().email().toLowerCase(),
                child.learner().email().toLowerCase());
        assertThat(reminded.get(guardian)).as("reminders to the guardian who did not answer").singleElement()
                .satisfies(mail -> assertThat(mail.text()).contains("Xin chào,", child.learner().fullName(),
                        "Chúng tôi chưa nhận được câu trả lời của quý vị", "/accept-policy#version=" + consent));
        List<SentMail> toSilent = reminded.get(silent.learner().email().toLowerCase());
        assertThat(toSilent).as("reminders to the learner who did not answer").hasSize(1);
        assertThat(toSilent.get(0).text()).contains("Đây là lời nhắc duy nhất", "This is the only reminder",
                "Chào " + silent.learner().fullName(), "/refuse-policy#version=" + consent + "&token=");
        assertThat(remindersOf(notice)).as("reminders of a version that asks for no consent").isEmpty();
        long toGuardians = reminded.values().stream().flatMap(List::stream).filter(PolicyMail::isToAGuardian).count();
        assertThat(staff.read(consent).getBody()).contains("\"reminded\":" + (reminded.size() - toGuardians),
                "\"guardiansReminded\":" + toGuardians);

        String refuse = PolicyMail.tokenOf(toSilent.get(0), "/refuse-policy");
        assertThat(PolicyMail.answerByLink(policy, "refusal", refuse).getBody())
                .isEqualTo("{\"versionId\":\"" + consent + "\",\"accepted\":false}");
        LearnerJourney journey = new LearnerJourney(signup, update);
        assertThat(journey.get("/v1/profiles/me", journey.signIn(silent.learner().email())).getBody())
                .contains("\"policyVersion\":\"" + consent + "\",\"accepted\":false");
    }

    private static void setClockToNoonInVietnam(LocalDate day) {
        CLOCK.advance(Duration.between(CLOCK.instant(), day.atTime(12, 0).atZone(ZoneId.of("Asia/Ho_Chi_Minh"))
                .toInstant()));
    }

    /** What EventBridge Scheduler does each day, then Lambda's SQS event source for what it queued. */
    private static void runTheDailySchedule() {
        reminders.handleRequest(Map.of("trigger", "schedule"), null);
        triggers.deliverPending();
    }

    private static Map<String, List<SentMail>> remindersOf(String versionId) {
        Map<String, List<SentMail>> mails = new HashMap<>(PolicyMail.ofVersion(versionId));
        mails.replaceAll((to, sent) -> sent.stream().filter(mail -> mail.subject().startsWith("Nhắc lại")).toList());
        mails.values().removeIf(List::isEmpty);
        return mails;
    }
}
