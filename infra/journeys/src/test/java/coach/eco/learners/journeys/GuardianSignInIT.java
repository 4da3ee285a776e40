package coach.eco.learners.journeys;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.policy.PolicyFunction;
import coach.eco.learners.policy.PolicyPublishing;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.DeletionSteps;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.PolicyStaff;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.time.VietnamTime;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static coach.eco.learners.journeys.MinorSignups.minorsForm;
import static coach.eco.learners.journeys.MinorSignups.newsAnswers;
import static coach.eco.learners.testing.TestLearners.guardianOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guardian of a learner under 16 signs in over the routes with their own address, for the child's profile:
 * they read, export and change it, withdraw consent and ask to deactivate it, and every act is recorded as the
 * guardian's; the session ends when the child comes of age, and a sign-in request answers a guardian's address as
 * it answers any other.
 */
@ExtendWith(LocalAwsExtension.class)
class GuardianSignInIT {
    private static final MutableClock CLOCK = new MutableClock();
    private static final int THIS_YEAR = VietnamTime.today(CLOCK).getYear();
    private static final String GUARDIANS_SUBJECT = "Đăng nhập thay cho con em";

    private static LearnerFunctions functions;
    private static LearnerJourney journey;
    private static MinorSignups minors;
    private static PolicyFunction policy;
    private static String policyInForce;

    @BeforeAll
    static void start() {
        functions = new LearnerFunctions(Map.of(), CLOCK);
        journey = functions.journey;
        ApplicationContext setUp = LocalAwsExtension.contextOf("PolicyFunction");
        policy = new PolicyFunction(setUp);
        minors = new MinorSignups(functions.signup, setUp.getBean(ConsentPurposeStore.class));
        // A version that asks for consent: the guardian, signed in, answers it for the child.
        policyInForce = PolicyStaff.publishedThrough(setUp.getBean(PolicyPublishing.class), "consent");
    }

    @AfterAll
    static void stop() {
        policy.close();
        functions.close();
    }

    @Test
    void aGuardianSignsInForTheChild_exportsTheProfile_andWithdrawsOnePurpose_andTheHistoryNamesTheGuardian() {
        TestLearners.Learner child = TestLearners.next();
        String guardian = guardianOf(child);
        activeMinor(child, THIS_YEAR - 12, guardian);
        assertThat(journey.signIn(child.email())).as("the child's own sign-in").isNotBlank();

        assertThat(journey.requestLink(guardian).getStatusCode()).isEqualTo(202);
        Outbox.Mail link = guardiansSignInMail(guardian);
        assertThat(link.text().indexOf("Xin chào,")).isZero();
        assertThat(link.text()).as("the guardian's link names the child").contains(
                "người giám hộ của " + child.fullName(), "as the parent or guardian of " + child.fullName());
        APIGatewayV2HTTPResponse started = journey.startSession(Outbox.tokenIn(link, "/sign-in"));
        assertThat(started.getStatusCode()).as(started.getBody()).isEqualTo(201);
        assertThat(LearnerJourney.field(started.getBody(), "actor")).isEqualTo("guardian");
        String session = LearnerJourney.field(started.getBody(), "sessionToken");

        APIGatewayV2HTTPResponse export = journey.get("/v1/profiles/me/export", session);

        assertThat(export.getStatusCode()).isEqualTo(200);
        assertThat(export.getBody()).contains(child.fullName(), child.email());
        APIGatewayV2HTTPResponse withdrawn = journey.patch(session, export.getHeaders().get("etag"),
                Json.of(Map.of("consents", Map.of(ConsentPurpose.NEWS_AND_OFFERS, false))));
        assertThat(withdrawn.getStatusCode()).as(withdrawn.getBody()).isEqualTo(200);
        for (String profile : List.of(withdrawn.getBody(), journey.get("/v1/profiles/me", session).getBody(),
                journey.get("/v1/profiles/me/export", session).getBody())) {
            Map<?, ?> news = (Map<?, ?>) newsAnswers(profile);
            List<?> history = (List<?>) news.get("history");
            assertThat(news.get("answer")).as("news in force").isEqualTo("no");
            assertThat(Json.read(Json.of(history.get(history.size() - 1)), Map.class)).as("the last news answer")
                    .containsEntry("granted", false).containsEntry("channel", "profile")
                    .containsEntry("policyVersion", policyInForce).containsEntry("actor", "guardian");
        }
        String profileId = LearnerJourney.field(export.getBody(), "profileId");
        assertThat(new DeletionSteps(functions.deletion).requestSignedIn(session, "deactivate").getStatusCode())
                .isEqualTo(201);

        assertThat(guardiansRecords(profileId)).as("the audit records naming the guardian as actor")
                .containsExactly("SIGNED_IN", "MARKETING_CONSENT_CHANGED", "DELETION_REQUESTED", "DELETION_CONFIRMED");
        assertThat(AuditTrail.recordsOf(functions.plainDynamoDb, profileId)).as("the sign-ins, by actor")
                .filteredOn(record -> record.get("event").s().equals("SIGNED_IN"))
                .extracting(record -> record.containsKey("actor")).containsExactly(false, true);
        assertThat(RawTables.everything(functions.plainDynamoDb)).as("every raw table, after the guardian's session")
                .doesNotContain(guardian, guardian.toLowerCase(Locale.ROOT));
    }

    @Test
    void aSignInRequestByAGuardiansAddress_isAnsweredAsAnyOther_andSendsNothingBeforeTheGuardianConsents() {
        TestLearners.Learner child = TestLearners.next();
        String guardian = guardianOf(child);
        assertThat(minors.signUp(minorsForm(child, THIS_YEAR - 12, guardian)).getStatusCode()).isEqualTo(202);
        String nobody = TestLearners.next().email();

        APIGatewayV2HTTPResponse asGuardian = journey.requestLink(guardian);
        APIGatewayV2HTTPResponse asNobody = journey.requestLink(nobody);

        assertThat(asGuardian.getStatusCode()).isEqualTo(asNobody.getStatusCode()).isEqualTo(202);
        assertThat(asGuardian.getBody()).isEqualTo(asNobody.getBody());
        assertThat(asGuardian.getHeaders()).isEqualTo(asNobody.getHeaders());
        assertThat(Outbox.mailTo(guardian)).as("mail to a guardian who has not consented: the consent link alone")
                .singleElement().satisfies(mail -> assertThat(mail.subject()).startsWith("Đồng ý cho con em"));
    }

    @Test
    void aGuardianOfTwoChildren_getsALinkForEach_andEachSignsInToItsOwnChild() {
        TestLearners.Learner elder = TestLearners.next();
        TestLearners.Learner younger = TestLearners.next();
        String guardian = guardianOf(elder);
        activeMinor(elder, THIS_YEAR - 14, guardian);
        activeMinor(younger, THIS_YEAR - 5, guardian);

        journey.requestLink(guardian);

        List<Outbox.Mail> links = Outbox.mailTo(guardian).stream()
                .filter(mail -> mail.subject().startsWith(GUARDIANS_SUBJECT)).toList();
        assertThat(links).hasSize(2);
        for (TestLearners.Learner child : List.of(elder, younger)) {
            Outbox.Mail link = links.stream().filter(mail -> mail.text().contains(child.fullName())).findFirst()
                    .orElseThrow();
            String session = LearnerJourney.field(journey.startSession(Outbox.tokenIn(link, "/sign-in")).getBody(),
                    "sessionToken");
            assertThat(journey.get("/v1/profiles/me", session).getBody()).contains(child.email());
        }
    }

    @Test
    void aGuardiansSession_endsWhenTheChildComesOfAge_andNoLinkIsMailedForThemAfter() {
        TestLearners.Learner child = TestLearners.next();
        String guardian = guardianOf(child);
        activeMinor(child, THIS_YEAR - 16, guardian);
        Instant comesOfAge = LocalDate.of(THIS_YEAR + 1, 1, 1).atStartOfDay(VietnamTime.ZONE).toInstant();
        Duration toAnHourBefore = Duration.between(CLOCK.instant(), comesOfAge.minus(Duration.ofHours(1)));
        CLOCK.advance(toAnHourBefore);
        try {
            journey.requestLink(guardian);
            APIGatewayV2HTTPResponse started = journey.startSession(
                    Outbox.tokenIn(guardiansSignInMail(guardian), "/sign-in"));
            String session = LearnerJourney.field(started.getBody(), "sessionToken");

            assertThat(LearnerJourney.field(started.getBody(), "expiresAt")).as("the session's absolute expiry")
                    .isEqualTo(comesOfAge.toString());
            assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).isEqualTo(200);
            CLOCK.advance(Duration.ofHours(1).plusSeconds(1));
            assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).as("once the child is of age")
                    .isEqualTo(401);
            int mailsBefore = Outbox.mailTo(guardian).size();
            CLOCK.advance(Duration.ofHours(1));
            journey.requestLink(guardian);
            assertThat(Outbox.mailTo(guardian)).as("mail to the guardian after").hasSize(mailsBefore);
        } finally {
            CLOCK.reset();
        }
    }

    @Test
    void aGuardianSignedIn_refusesAPolicyVersionForTheChild_andTheLedgerNamesTheGuardian() {
        TestLearners.Learner child = TestLearners.next();
        String guardian = guardianOf(child);
        activeMinor(child, THIS_YEAR - 12, guardian);
        journey.requestLink(guardian);
        String session = LearnerJourney.field(journey.startSession(
                Outbox.tokenIn(guardiansSignInMail(guardian), "/sign-in")).getBody(), "sessionToken");

        var event = ApiEvents.request("PUT", "/v1/profiles/me/policy-answers/" + policyInForce,
                Map.of("content-type", "application/json", "authorization", "Bearer " + session),
                Json.of(Map.of("accepted", false)));
        APIGatewayV2HTTPResponse refused = policy.handleRequest(event, null);

        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(200);
        List<?> ledger = (List<?>) Json.read(journey.get("/v1/profiles/me/export", session).getBody(), Map.class)
                .get("policyAnswers");
        assertThat(Json.read(Json.of(ledger.get(ledger.size() - 1)), Map.class)).as("the ledger's last answer")
                .containsEntry("policyVersion", policyInForce).containsEntry("accepted", false)
                .containsEntry("channel", "SIGNED_IN").containsEntry("actor", "guardian");
    }

    /** A learner under 16 whose guardian consented (yes to news, no to the rest) and who confirmed if old enough. */
    private static void activeMinor(TestLearners.Learner child, int birthYear, String guardian) {
        assertThat(minors.signUp(minorsForm(child, birthYear, guardian)).getStatusCode()).isEqualTo(202);
        if (birthYear <= THIS_YEAR - 7) {
            assertThat(minors.confirm(Outbox.tokenIn(Outbox.onlyMailTo(child.email()))).getStatusCode())
                    .isEqualTo(200);
        }
        String consentLink = Outbox.tokenIn(Outbox.mailTo(guardian).stream()
                .filter(mail -> mail.text().contains(child.fullName())).findFirst().orElseThrow(), "/guardian-consent");
        assertThat(minors.consentAsGuardian(consentLink, policyInForce, minors.everyPurposeAnswered(true)).getBody())
                .isEqualTo("{\"status\":\"active\"}");
    }

    private static Outbox.Mail guardiansSignInMail(String guardian) {
        return Outbox.mailTo(guardian).stream().filter(mail -> mail.subject().startsWith(GUARDIANS_SUBJECT))
                .reduce((earlier, later) -> later).orElseThrow();
    }

    /** The events of the profile's audit records that name the guardian as their actor, in time order. */
    private static List<String> guardiansRecords(String profileId) {
        return AuditTrail.recordsOf(functions.plainDynamoDb, profileId).stream()
                .filter(record -> record.getOrDefault("actor", AttributeValue.fromS("")).s().equals("guardian"))
                .map(record -> record.get("event").s()).toList();
    }
}
