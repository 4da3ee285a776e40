package coach.eco.learners.journeys;

import coach.eco.learners.account.UpdateFunction;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.policy.PolicyPublishing;
import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.FunctionsUnderTest;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static coach.eco.learners.journeys.MinorSignups.minorsForm;
import static coach.eco.learners.journeys.MinorSignups.newsAnswers;
import static coach.eco.learners.testing.TestLearners.guardianOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A learner under 16 signs up over the routes: the signup names a guardian, who is mailed a consent link; the
 * profile stays pending, with no sign-in and no mail of its own beyond the needed confirmation, until the
 * guardian consents and, from the age of 7, the learner confirms their address.
 */
@ExtendWith(LocalAwsExtension.class)
class MinorSignupIT {
    private static final FunctionsUnderTest FUNCTIONS = new FunctionsUnderTest();
    private static final MutableClock CLOCK = new MutableClock();
    private static final int THIS_YEAR = VietnamTime.today(CLOCK).getYear();

    private static MinorSignups minors;
    private static LearnerJourney journey;
    private static ApplicationContext setUp;
    private static DynamoDbClient plainDynamoDb;
    private static String policyInForce;

    @BeforeAll
    static void start() {
        SignupFunction signup = FUNCTIONS.start(SignupFunction::new, "SignupFunction", CLOCK);
        journey = new LearnerJourney(signup, FUNCTIONS.start(UpdateFunction::new, "UpdateFunction", CLOCK));
        setUp = LocalAwsExtension.contextOf("PolicyFunction", Map.of("LEARNER_AWS_CALL_TIMEOUT", "PT60S"));
        minors = new MinorSignups(signup, setUp.getBean(ConsentPurposeStore.class));
        policyInForce = PolicyStaff.publishedThrough(setUp.getBean(PolicyPublishing.class), "notice");
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() throws Exception {
        plainDynamoDb.close();
        setUp.close();
        FUNCTIONS.close();
    }

    @Test
    void underSixteen_withoutAGuardian_isRefusedAtGuardianEmail_andNothingIsStoredOrMailed() {
        TestLearners.Learner learner = TestLearners.next();
        Map<String, Object> form = learner.signupFields(true);
        form.put("sixteenOrOver", false);
        form.put("birthYear", THIS_YEAR - 12);
        long profilesBefore = count("ProfilesTable");

        APIGatewayV2HTTPResponse refused = minors.signUp(form);

        assertThat(refused.getStatusCode()).isEqualTo(422);
        assertThat(Json.fieldErrorsOf(refused.getBody())).containsExactly(
                List.of("guardianEmail", "/guardianEmail", "required", "is required"));
        assertThat(count("ProfilesTable")).isEqualTo(profilesBefore);
        assertThat(Outbox.mailTo(learner.email())).isEmpty();
    }

    static Stream<Arguments> refusedAges() {
        return Stream.of(
                Arguments.of("a birth year that makes the learner 16 or older", false, THIS_YEAR - 17, "guardian",
                        "/birthYear", "inconsistent", "makes the learner 16 or older"),
                Arguments.of("a birth year to come", false, THIS_YEAR + 1, "guardian",
                        "/birthYear", "out-of-range", "must not be in the future"),
                Arguments.of("the learner's own address as the guardian's", false, THIS_YEAR - 12, "own",
                        "/guardianEmail", "inconsistent", "must be another address than the learner email"),
                Arguments.of("a guardian for a learner of 16 or over", true, null, "guardian",
                        "/guardianEmail", "inconsistent", "is only for a learner under 16 (sixteenOrOver false)"),
                Arguments.of("a year of birth from an old form that declares no age", null, THIS_YEAR - 12, null,
                        "/birthYear", "inconsistent", "is only for a learner under 16 (sixteenOrOver false)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedAges")
    void anAgeThatDoesNotHoldTogether_isOne422_andNothingIsStoredOrMailed(String why, Boolean sixteenOrOver,
                                                                          Integer birthYear, String guardian,
                                                                          String pointer, String code, String message) {
        TestLearners.Learner learner = TestLearners.next();
        String guardianEmail = guardianOf(learner);
        Map<String, Object> form = learner.signupFields(true);
        form.remove("sixteenOrOver");
        if (sixteenOrOver != null) {
            form.put("sixteenOrOver", sixteenOrOver);
        }
        if (birthYear != null) {
            form.put("birthYear", birthYear);
        }
        if (guardian != null) {
            form.put("guardianEmail", guardian.equals("own") ? learner.email().toUpperCase() : guardianEmail);
        }
        long profilesBefore = count("ProfilesTable");

        APIGatewayV2HTTPResponse refused = minors.signUp(form);

        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(422);
        assertThat(Json.fieldErrorsOf(refused.getBody())).containsExactly(
                List.of(pointer.substring(1), pointer, code, message));
        assertThat(count("ProfilesTable")).isEqualTo(profilesBefore);
        assertThat(Outbox.mailTo(learner.email())).isEmpty();
        assertThat(Outbox.mailTo(guardianEmail)).isEmpty();
    }

    @Test
    void aChildOfTwelve_staysPendingWithoutSignInOrMail_untilTheGuardianConsents_thenIsActiveWithBothAnswers() {
        TestLearners.Learner child = TestLearners.next();
        String guardian = guardianOf(child);
        int birthYear = THIS_YEAR - 12;

        assertThat(minors.signUp(minorsForm(child, birthYear, guardian)).getStatusCode()).isEqualTo(202);

        Outbox.Mail guardiansMail = Outbox.onlyMailTo(guardian);
        assertThat(guardiansMail.subject()).startsWith("Đồng ý cho con em");
        assertThat(guardiansMail.text().indexOf("Xin chào,")).isZero();
        assertThat(guardiansMail.text()).as("the data kept, why, for how long, and the choices")
                .contains(child.fullName(), "họ tên, số điện thoại, email của trẻ, năm sinh của trẻ",
                        "the child's full name, phone number, email and year of birth", "Why:",
                        "erased after 24 months without activity", "Tin tức và ưu đãi", "News and offers",
                        "Advice by phone", "answer yes or no to each purpose, none ticked in advance");
        String childsToken = Outbox.tokenIn(Outbox.onlyMailTo(child.email()), "/verify-email");

        APIGatewayV2HTTPResponse childConfirms = minors.confirm(childsToken);

        assertThat(childConfirms.getBody()).isEqualTo("{\"status\":\"awaiting-guardian\"}");
        assertThat(journey.requestLink(child.email()).getStatusCode()).isEqualTo(202);
        assertThat(Outbox.mailTo(child.email())).as("mail to the child before the guardian consents")
                .hasSize(1);

        APIGatewayV2HTTPResponse consented = minors.consentAsGuardian(
                Outbox.tokenIn(guardiansMail, "/guardian-consent"), policyInForce, minors.everyPurposeAnswered(false));

        assertThat(consented.getStatusCode()).as(consented.getBody()).isEqualTo(200);
        assertThat(consented.getBody()).isEqualTo("{\"status\":\"active\"}");
        String export = journey.get("/v1/profiles/me/export", journey.signIn(child.email())).getBody();
        assertThat(Json.tree(export).get("status").getStringValue()).isEqualTo("ACTIVE");
        assertThat(Json.of(newsAnswers(export))).as("the news answers in the export")
                .contains("\"answer\":\"no\"")
                .contains("{\"granted\":true,", "\"channel\":\"signup-form\"", "\"actor\":\"learner\"")
                .contains("{\"granted\":false,", "\"channel\":\"mail-link\"", "\"actor\":\"guardian\"",
                        "\"policyVersion\":\"" + policyInForce + "\"");
        assertThat(export).contains("\"birthYear\":" + birthYear, guardian);
        assertNotInClear(Json.tree(export).get("profileId").getStringValue(), guardian, birthYear);
    }

    @Test
    void aChildOfTen_whoseGuardianConsentsFirst_isActiveOnlyOnceTheChildConfirmsToo() {
        TestLearners.Learner child = TestLearners.next();
        String guardian = guardianOf(child);
        minors.signUp(minorsForm(child, THIS_YEAR - 10, guardian));

        APIGatewayV2HTTPResponse consented = minors.consentAsGuardian(
                Outbox.tokenIn(Outbox.onlyMailTo(guardian), "/guardian-consent"), policyInForce,
                minors.everyPurposeAnswered(true));

        assertThat(consented.getBody()).isEqualTo("{\"status\":\"awaiting-learner\"}");
        journey.requestLink(child.email());
        assertThat(Outbox.mailTo(child.email())).as("mail to the child before their own confirmation").hasSize(1);

        APIGatewayV2HTTPResponse childConfirms = minors.confirm(Outbox.tokenIn(Outbox.onlyMailTo(child.email())));

        assertThat(childConfirms.getBody()).isEqualTo("{\"status\":\"verified\"}");
        String export = journey.get("/v1/profiles/me/export", journey.signIn(child.email())).getBody();
        assertThat(Json.of(newsAnswers(export))).as("both said yes to news: yes in force")
                .contains("\"answer\":\"yes\"", "\"actor\":\"guardian\"");
    }

    @Test
    void aChildUnderSeven_getsNoMailOfTheirOwn_andTheGuardiansConsentAloneActivates() {
        TestLearners.Learner child = TestLearners.next();
        String guardian = guardianOf(child);
        minors.signUp(minorsForm(child, THIS_YEAR - 5, guardian));

        assertThat(Outbox.mailTo(child.email())).as("mail to a child under 7").isEmpty();
        APIGatewayV2HTTPResponse consented = minors.consentAsGuardian(
                Outbox.tokenIn(Outbox.onlyMailTo(guardian), "/guardian-consent"), policyInForce,
                minors.everyPurposeAnswered(false));

        assertThat(consented.getBody()).isEqualTo("{\"status\":\"active\"}");
        assertThat(journey.signIn(child.email())).isNotBlank();
    }

    @Test
    void aGuardianWhoLeavesAPurposeUnansweredOrNamesAnotherPolicyVersion_isRefused_andTheLinkStillWorks_once() {
        TestLearners.Learner child = TestLearners.next();
        String guardian = guardianOf(child);
        minors.signUp(minorsForm(child, THIS_YEAR - 5, guardian));
        String token = Outbox.tokenIn(Outbox.onlyMailTo(guardian), "/guardian-consent");

        APIGatewayV2HTTPResponse refused = minors.consentAsGuardian(token, "1999-01-01",
                Map.of(ConsentPurpose.NEWS_AND_OFFERS, true));

        assertThat(refused.getStatusCode()).isEqualTo(422);
        assertThat(Json.fieldErrorsOf(refused.getBody())).containsExactly(
                List.of("policyVersion", "/policyVersion", "inconsistent", "must be the policy version in force"),
                List.of("consents", "/consents", "required", "must answer every purpose the centre asks consent for"));
        journey.requestLink(child.email());
        assertThat(Outbox.mailTo(child.email())).as("mail to the child after a refused consent").isEmpty();
        assertThat(minors.consentAsGuardian(token, policyInForce, minors.everyPurposeAnswered(false)).getBody())
                .isEqualTo("{\"status\":\"active\"}");
        assertThat(minors.consentAsGuardian(token, policyInForce, minors.everyPurposeAnswered(true)).getStatusCode())
                .as("the link used again").isEqualTo(400);
    }

    @Test
    void aMinorsSignupNobodyConfirms_expiresWithItsLinks_likeAnyOtherPendingSignup() {
        TestLearners.Learner child = TestLearners.next();
        String guardian = guardianOf(child);
        minors.signUp(minorsForm(child, THIS_YEAR - 12, guardian));
        String childsToken = Outbox.tokenIn(Outbox.onlyMailTo(child.email()));
        String guardiansToken = Outbox.tokenIn(Outbox.onlyMailTo(guardian), "/guardian-consent");
        assertThat(minors.confirm(childsToken).getBody()).isEqualTo("{\"status\":\"awaiting-guardian\"}");

        CLOCK.advance(Duration.ofHours(24).plusSeconds(1));
        try {
            APIGatewayV2HTTPResponse late = minors.consentAsGuardian(guardiansToken, policyInForce,
                    minors.everyPurposeAnswered(true));

            assertThat(late.getStatusCode()).isEqualTo(400);
            assertThat(late.getBody()).contains("invalid-link");
        } finally {
            CLOCK.advance(Duration.ofHours(-24).minusSeconds(1));
        }
    }

    @Test
    void aGuardiansAddress_isMailedAtMostTheHourlyLimit_andASignupPastItStoresAndSendsNothing() {
        String guardian = guardianOf(TestLearners.next());
        List<TestLearners.Learner> children = Stream.generate(TestLearners::next).limit(6).toList();
        long profilesBefore = count("ProfilesTable");

        children.forEach(child -> assertThat(minors.signUp(minorsForm(child, THIS_YEAR - 12, guardian))
                .getStatusCode()).isEqualTo(202));

        assertThat(Outbox.mailTo(guardian)).as("consent mails to one guardian in an hour").hasSize(5);
        assertThat(Outbox.mailTo(children.get(5).email())).as("mail to the sixth child").isEmpty();
        assertThat(count("ProfilesTable")).isEqualTo(profilesBefore + 5);
    }

    /** Neither the guardian's address nor the year of birth is a plain value of any item of the profile. */
    private static void assertNotInClear(String profileId, String guardian, int birthYear) {
        assertThat(RawTables.everything(plainDynamoDb)).as("every raw table").doesNotContain(guardian);
        List<String> plainValues = new ArrayList<>();
        for (String table : List.of("ProfilesTable", "LookupTable", "AuditTable")) {
            plainDynamoDb.scanPaginator(request -> request.tableName(LocalAwsExtension.aws().physicalId(table)))
                    .items().stream().filter(item -> item.toString().contains(profileId))
                    .forEach(item -> item.values().forEach(value -> collectPlain(value, plainValues)));
        }
        assertThat(plainValues).as("plain values of the profile's items").isNotEmpty()
                .noneMatch(value -> value.contains(Integer.toString(birthYear)));
    }

    private static void collectPlain(AttributeValue value, List<String> plain) {
        if (value.s() != null) {
            plain.add(value.s());
        } else if (value.n() != null) {
            plain.add(value.n());
        } else if (value.hasM()) {
            value.m().values().forEach(nested -> collectPlain(nested, plain));
        } else if (value.hasL()) {
            value.l().forEach(nested -> collectPlain(nested, plain));
        }
    }

    private static long count(String table) {
        return plainDynamoDb.scanPaginator(request -> request.tableName(LocalAwsExtension.aws().physicalId(table)))
                .items().stream().count();
    }
}
