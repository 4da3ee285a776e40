package coach.eco.learners.journeys;

import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.mail.LinkRateLimit;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static coach.eco.learners.testing.LearnerJourney.field;
import static coach.eco.learners.testing.LearnerJourney.latestTokenTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared hourly budgets of mail to typed addresses (SignupEmailsPerHour, SignInEmailsPerHour,
 * DeletionEmailsPerHour): one per kind, so that spending one stops no other, and each spent only by
 * mail about to be sent. Past a budget, that route sends nothing more that hour and answers as for an
 * unknown address; an email change is refused before it writes. Each test runs its functions with
 * budgets of 2 on a clock of its own, in an hour no other test mails in.
 */
@ExtendWith(LocalAwsExtension.class)
class MailBudgetsIT {
    private static final int BUDGET = 2;
    private static final MutableClock CLOCK = new MutableClock();

    @BeforeAll
    static void farFromOtherTests() {
        CLOCK.advance(Duration.ofDays(4000));
    }

    @Test
    void aClientSigningUpWithMadeUpAddresses_spendsTheSignupBudgetAlone_andAnotherLearnersSignInMailStillGoes()
            throws Exception {
        CLOCK.advance(Duration.ofHours(2));
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner madeUp = TestLearners.next();
        TestLearners.Learner alsoMadeUp = TestLearners.next();
        TestLearners.Learner madeUpPastTheBudget = TestLearners.next();
        String newAddress = TestLearners.next().email();
        try (LearnerFunctions functions = functions(Map.of("LEARNER_SIGNUP_EMAILS_PER_HOUR", String.valueOf(BUDGET)))) {
            confirmed(functions, learner);
            CLOCK.withinOneHour(() -> {
                long profiles = itemsIn(functions, "ProfilesTable");

                APIGatewayV2HTTPResponse mailed = signup(functions, madeUp);
                signup(functions, alsoMadeUp);
                APIGatewayV2HTTPResponse pastTheBudget = signup(functions, madeUpPastTheBudget);

                assertThat(Outbox.mailTo(madeUp.email())).as("the signup budget's first mail").hasSize(1);
                assertThat(Outbox.mailTo(alsoMadeUp.email())).as("and its second").hasSize(1);
                assertThat(Outbox.mailTo(madeUpPastTheBudget.email())).as("past the signup budget").isEmpty();
                assertThat(pastTheBudget.getStatusCode()).isEqualTo(202).isEqualTo(mailed.getStatusCode());
                assertThat(pastTheBudget.getBody()).isEqualTo(mailed.getBody());
                assertThat(itemsIn(functions, "ProfilesTable")).as("only the mailed signups' profiles written")
                        .isEqualTo(profiles + BUDGET);

                int learnersMail = Outbox.mailTo(learner.email()).size();
                assertThat(functions.journey.requestLink(learner.email()).getStatusCode()).isEqualTo(202);
                assertThat(Outbox.mailTo(learner.email())).as("another learner's sign-in link").hasSize(learnersMail + 1);
                String session = field(functions.journey.startSession(latestTokenTo(learner.email())).getBody(),
                        "sessionToken");
                assertThat(deletionForm(functions, learner.email()).getStatusCode()).isEqualTo(202);
                assertThat(Outbox.mailTo(learner.email())).as("and the deletion form's link").hasSize(learnersMail + 2);

                // An email change mails an address nobody has proven yet: the signup budget's.
                long auditRecords = itemsIn(functions, "AuditTable");
                String etag = functions.journey.get("/v1/profiles/me", session).getHeaders().get("etag");
                APIGatewayV2HTTPResponse emailChange = functions.journey.patch(session, etag,
                        Json.of(Map.of("email", newAddress)));
                assertThat(emailChange.getStatusCode()).isEqualTo(429);
                assertThat(emailChange.getBody()).contains("urn:learner-profiles:problem:too-many-emails")
                        .doesNotContain(newAddress);
                assertThat(Outbox.mailTo(newAddress)).isEmpty();
                assertThat(functions.journey.get("/v1/profiles/me", session).getHeaders().get("etag"))
                        .as("profile unchanged").isEqualTo(etag);
                assertThat(itemsIn(functions, "AuditTable")).as("no audit record of the refused change")
                        .isEqualTo(auditRecords);
            });
            assertThat(Files.readAllLines(Path.of("target/test-logs/run.log")))
                    .as("the metric and the log line that say which budget was spent")
                    .anySatisfy(line -> assertThat(line).contains("\"MailBudgetSpent\":1"))
                    .anySatisfy(line -> assertThat(line).contains("hourly mail budget spent")
                            .contains("budget=" + LinkRateLimit.Budget.SIGNUP.counter()));

            CLOCK.advance(Duration.ofHours(2));
            signup(functions, madeUpPastTheBudget);
            assertThat(Outbox.mailTo(madeUpPastTheBudget.email())).as("a new hour, a new budget").hasSize(1);
        }
    }

    @Test
    void signInRequestsForUnknownAddresses_orPastAnAddresssLimit_spendNothingOfTheSignInBudget() {
        CLOCK.advance(Duration.ofHours(2));
        TestLearners.Learner first = TestLearners.next();
        TestLearners.Learner second = TestLearners.next();
        TestLearners.Learner pastTheBudget = TestLearners.next();
        try (LearnerFunctions functions = functions(Map.of("LEARNER_SIGN_IN_EMAILS_PER_HOUR", String.valueOf(BUDGET),
                "LEARNER_EMAIL_LINKS_PER_HOUR", "1"))) {
            for (TestLearners.Learner learner : new TestLearners.Learner[] {first, second, pastTheBudget}) {
                confirmed(functions, learner);
            }
            CLOCK.withinOneHour(() -> {
                for (int request = 0; request < BUDGET + 1; request++) {
                    assertThat(functions.journey.requestLink(TestLearners.next().email()).getStatusCode()).isEqualTo(202);
                }
                assertThat(signInMailSpent(functions)).as("unknown addresses").isZero();

                functions.journey.requestLink(first.email());
                functions.journey.requestLink(first.email());
                assertThat(Outbox.mailTo(first.email())).as("one link, then the address's limit (1)").hasSize(2);
                assertThat(signInMailSpent(functions)).as("the link sent, not the request refused").isEqualTo(1);

                functions.journey.requestLink(second.email());
                assertThat(Outbox.mailTo(second.email())).as("the budget's second link").hasSize(2);
                APIGatewayV2HTTPResponse spent = functions.journey.requestLink(pastTheBudget.email());
                APIGatewayV2HTTPResponse unknown = functions.journey.requestLink(TestLearners.next().email());
                assertThat(Outbox.mailTo(pastTheBudget.email())).as("past the sign-in budget").hasSize(1);
                assertThat(spent.getStatusCode()).isEqualTo(202).isEqualTo(unknown.getStatusCode());
                assertThat(spent.getBody()).isEqualTo(unknown.getBody());
            });
        }
    }

    private static LearnerFunctions functions(Map<String, String> budgets) {
        Map<String, String> settings = new HashMap<>(budgets);
        settings.put("LEARNER_PUBLIC_RESPONSE_FLOOR", "PT0S");
        return new LearnerFunctions(settings, CLOCK);
    }

    /** Signs the learner up and follows the verification link: confirmed, never signed in. */
    private static void confirmed(LearnerFunctions functions, TestLearners.Learner learner) {
        functions.journey.signUp(learner);
        assertThat(functions.signup.handleRequest(ApiEvents.post("/v1/profiles/verification", "application/json",
                Json.of(Map.of("token", latestTokenTo(learner.email())))), null).getStatusCode()).isEqualTo(200);
    }

    /** This hour's count of the sign-in budget, as the lookup table holds it (0 before any). */
    private static long signInMailSpent(LearnerFunctions functions) {
        long hour = CLOCK.instant().getEpochSecond() / 3600;
        var item = functions.plainDynamoDb.getItem(request -> request
                .tableName(LocalAwsExtension.aws().physicalId("LookupTable"))
                .key(Map.of(LookupTable.LOOKUP_KEY,
                        LookupTable.hourlyCountKey(LinkRateLimit.Budget.SIGN_IN.counter(), hour)))
                .consistentRead(true)).item();
        return item.containsKey("count") ? Long.parseLong(item.get("count").n()) : 0;
    }

    private static APIGatewayV2HTTPResponse signup(LearnerFunctions functions, TestLearners.Learner learner) {
        return functions.signup.handleRequest(ApiEvents.post("/v1/profiles", "application/json",
                learner.signupJson(false)), null);
    }

    private static APIGatewayV2HTTPResponse deletionForm(LearnerFunctions functions, String email) {
        return functions.deletion.handleRequest(ApiEvents.post("/v1/deletion-requests", "application/json",
                Json.of(Map.of("email", email, "kind", "deactivate"))), null);
    }

    private static long itemsIn(LearnerFunctions functions, String table) {
        return functions.plainDynamoDb.scanPaginator(request -> request
                .tableName(LocalAwsExtension.aws().physicalId(table)).select("COUNT"))
                .stream().mapToLong(page -> page.count()).sum();
    }
}
