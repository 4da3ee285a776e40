package coach.eco.learners.account;

import coach.eco.learners.comingofage.ComingOfAge;
import coach.eco.learners.consent.ConsentAnswers;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.profile.ProfileView;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.AwsFaults;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.ReadyLearners;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.time.VietnamTime;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A learner under 16 at signup comes of age on 1 January of the year after they turn 16 (Vietnam time): the daily
 * run mails them once that they are in charge of their data, and their sign-in asks for their own consent until
 * they give it; until then the guardian's consents stand.
 */
@ExtendWith(LocalAwsExtension.class)
class ComingOfAgeIT {
    private static final MutableClock CLOCK = new MutableClock();
    /** What the guardian consented to at signup. */
    private static final Map<String, Boolean> GUARDIANS_ANSWERS = Map.of(ConsentPurpose.NEWS_AND_OFFERS, true,
            ConsentPurpose.SURVEYS, false, ConsentPurpose.PHONE_ADVICE, false);

    @RegisterExtension
    static final LearnerFunctions functions = new LearnerFunctions(CLOCK);

    private static ComingOfAgeFunction comingOfAge;
    private static ReadyLearners ready;
    private static int year;

    @BeforeAll
    static void start() {
        comingOfAge = new ComingOfAgeFunction(LocalAwsExtension.contextOf("ComingOfAgeFunction", CLOCK));
        ready = new ReadyLearners(functions.update.getApplicationContext());
        year = VietnamTime.yearOf(CLOCK.instant());
    }

    @AfterAll
    static void stop() {
        comingOfAge.close();
    }

    @AfterEach
    void clockBack() {
        CLOCK.reset();
    }

    @Test
    void theRun_mailsTheLearnerWhoCameOfAge_once_andNeitherTheOneStill16_norTheAdult_norTheGuardians() {
        TestLearners.Learner cameOfAge = TestLearners.next();
        TestLearners.Learner sixteen = TestLearners.next();
        TestLearners.Learner adult = TestLearners.next();
        TestLearners.Learner firstGuardian = TestLearners.next();
        TestLearners.Learner secondGuardian = TestLearners.next();
        String cameOfAgeId = ready.confirmedWithGuardian(cameOfAge, year - 17, firstGuardian, GUARDIANS_ANSWERS);
        // Turns 16 this year: a child until 1 January.
        String sixteenId = ready.confirmedWithGuardian(sixteen, year - 16, secondGuardian, GUARDIANS_ANSWERS);
        ready.confirmed(adult);

        ComingOfAge.Report first = run();

        assertThat(first.mailed()).isEqualTo(1);
        Outbox.Mail mail = Outbox.onlyMailTo(cameOfAge.email());
        assertThat(mail.subject()).contains("Từ nay bạn tự quyết định về dữ liệu của mình", "You are now in charge of your data");
        assertThat(mail.text()).contains(cameOfAge.fullName(), "Bạn đã đủ 16 tuổi", "You have turned 16", "/sign-in")
                .doesNotContain(firstGuardian.email());
        assertThat(mail.text().indexOf("Xin chào")).as("Vietnamese first").isLessThan(mail.text().indexOf("Hello"));
        assertThat(mail.html()).contains("Đăng nhập để trả lời", "Sign in to answer");
        assertThat(Outbox.mailTo(sixteen.email())).isEmpty();
        assertThat(Outbox.mailTo(adult.email())).isEmpty();
        assertThat(Outbox.mailTo(firstGuardian.email())).isEmpty();
        assertThat(Outbox.mailTo(secondGuardian.email())).isEmpty();
        assertThat(AuditTrail.eventsOf(functions.plainDynamoDb, cameOfAgeId)).containsOnlyOnce("COMING_OF_AGE_MAILED");
        assertThat(rawProfile(cameOfAgeId)).as("out of the guardian's index").doesNotContainKey("guardianLookupKey");
        assertThat(rawProfile(sixteenId)).as("still in the guardian's index").containsKey("guardianLookupKey");

        assertThat(run().mailed()).as("a second run").isZero();
        assertThat(Outbox.mailTo(cameOfAge.email())).as("mailed once").hasSize(1);
    }

    @Test
    void aLearnerWhoCameOfAge_isAskedAtSignIn_forTheirOwnAnswers_andOnceGiven_onlyTheyCount() {
        TestLearners.Learner learner = TestLearners.next();
        String profileId = ready.confirmedWithGuardian(learner, year - 17, TestLearners.next(), GUARDIANS_ANSWERS);
        run();

        APIGatewayV2HTTPResponse signedIn = functions.journey.startSession(ready.signInLink(profileId));

        assertThat(signedIn.getStatusCode()).isEqualTo(201);
        assertThat(signedIn.getBody()).contains("\"ownConsentAsked\":true");
        String session = LearnerJourney.field(signedIn.getBody(), "sessionToken");
        String etag = functions.journey.get("/v1/profiles/me", session).getHeaders().get("etag");
        APIGatewayV2HTTPResponse saidYesAlone = functions.journey.patch(session, etag,
                Json.of(Map.of("consents", Map.of(ConsentPurpose.SURVEYS, true))));
        assertThat(answerTo(saidYesAlone, ConsentPurpose.SURVEYS)).as("the guardian's no stands until they take over")
                .isEqualTo("no");

        Map<String, Boolean> own = everyPurpose(true);
        own.put(ConsentPurpose.NEWS_AND_OFFERS, false);
        Map<String, Boolean> onePurposeShort = new HashMap<>(own);
        onePurposeShort.remove(ConsentPurpose.PHONE_ADVICE);
        APIGatewayV2HTTPResponse bySilence = giveOwnConsent(session, onePurposeShort);
        assertThat(bySilence.getStatusCode()).as(bySilence.getBody()).isEqualTo(422);
        assertThat(bySilence.getBody()).as("consent is never by silence").contains("\"pointer\":\"/consents\"",
                "\"code\":\"required\"");

        APIGatewayV2HTTPResponse tookOver = giveOwnConsent(session, own);

        assertThat(tookOver.getStatusCode()).as(tookOver.getBody()).isEqualTo(200);
        assertThat(answerTo(tookOver, ConsentPurpose.SURVEYS)).isEqualTo("yes");
        assertThat(answerTo(tookOver, ConsentPurpose.PHONE_ADVICE)).isEqualTo("yes");
        assertThat(answerTo(tookOver, ConsentPurpose.NEWS_AND_OFFERS)).isEqualTo("no");
        assertThat(Json.read(tookOver.getBody(), ProfileView.class).guardian().learnerTookOverAt()).isNotNull();
        assertThat(AuditTrail.eventsOf(functions.plainDynamoDb, profileId)).containsOnlyOnce("OWN_CONSENT_GIVEN");
        assertThat(functions.journey.startSession(ready.signInLink(profileId)).getBody())
                .as("asked no more").contains("\"ownConsentAsked\":false");
        APIGatewayV2HTTPResponse again = giveOwnConsent(session, own);
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(again.getBody()).contains("own-consent-not-asked");
    }

    @Test
    void neitherALearnerStill16_norOneWithoutAGuardian_isAskedAtSignIn() {
        TestLearners.Learner sixteen = TestLearners.next();
        TestLearners.Learner adult = TestLearners.next();
        String sixteenId = ready.confirmedWithGuardian(sixteen, year - 16, TestLearners.next(), GUARDIANS_ANSWERS);
        String adultId = ready.confirmed(adult);

        for (String profileId : new String[]{sixteenId, adultId}) {
            APIGatewayV2HTTPResponse signedIn = functions.journey.startSession(ready.signInLink(profileId));
            assertThat(signedIn.getBody()).contains("\"ownConsentAsked\":false");
            APIGatewayV2HTTPResponse answered = giveOwnConsent(LearnerJourney.field(signedIn.getBody(),
                    "sessionToken"), everyPurpose(true));
            assertThat(answered.getStatusCode()).isEqualTo(409);
        }
    }

    @Test
    void aRunWhoseCommitFails_mailsNothing_andTheNextRunMailsOnce() {
        TestLearners.Learner learner = TestLearners.next();
        ready.confirmedWithGuardian(learner, year - 17, TestLearners.next(), GUARDIANS_ANSWERS);

        AwsFaults.Faulted<Object> failed = AwsFaults.at("DynamoDb.TransactWriteItems AuditTable+LookupTable+ProfilesTable",
                AwsFaults.Fault.THROTTLED, () -> {
                    assertThatThrownBy(ComingOfAgeIT::run).as("a run with a failure fails, to be retried and alarmed");
                    return null;
                });

        assertThat(failed.fired()).isTrue();
        assertThat(Outbox.mailTo(learner.email())).isEmpty();
        assertThat(run().mailed()).isEqualTo(1);
        assertThat(run().mailed()).isZero();
        assertThat(Outbox.mailTo(learner.email())).hasSize(1);
    }

    @Test
    void aRunWhoseMailSesRefuses_leavesItToTheOutbox_whichSendsItOnce() {
        TestLearners.Learner learner = TestLearners.next();
        ready.confirmedWithGuardian(learner, year - 17, TestLearners.next(), GUARDIANS_ANSWERS);

        ComingOfAge.Report refused = AwsFaults.throttling("Ses", "SendRawEmail", ComingOfAgeIT::run);

        assertThat(refused.mailed()).as("marked, its mail in the outbox").isEqualTo(1);
        assertThat(Outbox.mailTo(learner.email())).isEmpty();
        assertThat(run().mailed()).as("the run sends nothing twice").isZero();
        CLOCK.advance(Duration.ofMinutes(3));
        assertThat(outboxRun()).isEqualTo(1);
        assertThat(outboxRun()).isZero();
        assertThat(run().mailed()).isZero();
        assertThat(Outbox.mailTo(learner.email())).hasSize(1);
    }

    private static ComingOfAge.Report run() {
        return comingOfAge.handleRequest(Map.of("trigger", "schedule"), null);
    }

    private static int outboxRun() {
        try (MailOutboxFunction outbox = new MailOutboxFunction(LocalAwsExtension.contextOf("MailOutboxFunction", CLOCK))) {
            return outbox.handleRequest(Map.of("trigger", "schedule"), null);
        }
    }

    /** An answer to every purpose the centre asks about. */
    private static Map<String, Boolean> everyPurpose(boolean granted) {
        Map<String, Boolean> answers = new HashMap<>();
        functions.update.getApplicationContext().getBean(ConsentAnswers.class).purposes()
                .forEach(purpose -> answers.put(purpose.purposeId(), granted));
        return answers;
    }

    private static APIGatewayV2HTTPResponse giveOwnConsent(String session, Map<String, Boolean> answers) {
        Map<String, Object> body = new HashMap<>(Map.of("consents", answers));
        functions.update.getApplicationContext().getBean(ConsentAnswers.class).policyVersionInForce()
                .ifPresent(version -> body.put("policyVersion", version));
        return functions.update.handleRequest(ApiEvents.request("POST", "/v1/profiles/me/own-consent",
                Map.of("authorization", "Bearer " + session, "content-type", "application/json"), Json.of(body)), null);
    }

    private static String answerTo(APIGatewayV2HTTPResponse profile, String purposeId) {
        return Json.read(profile.getBody(), ProfileView.class).consents().stream()
                .filter(consent -> consent.purposeId().equals(purposeId)).findFirst().orElseThrow().answer();
    }

    private static Map<String, AttributeValue> rawProfile(String profileId) {
        return functions.plainDynamoDb.getItem(request -> request
                .tableName(LocalAwsExtension.aws().physicalId("ProfilesTable"))
                .key(Map.of("profileId", AttributeValue.fromS(profileId)))).item();
    }
}
