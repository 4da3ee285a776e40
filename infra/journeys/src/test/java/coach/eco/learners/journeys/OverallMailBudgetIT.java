package coach.eco.learners.journeys;

import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.deletion.DeletionRequestFunction;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static coach.eco.learners.testing.LearnerJourney.latestTokenTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mail budget of all addresses together (RequestedEmailsPerHour): once an hour's is spent, every
 * route that mails a typed address sends nothing more that hour. Signups, sign-in links and the
 * deletion form answer as they do for an unknown address; an email change is refused before it
 * writes. The functions run with a budget of 3 on a clock of their own, in an hour no other test
 * mails in.
 */
@ExtendWith(LocalAwsExtension.class)
class OverallMailBudgetIT {
    private static final int BUDGET = 3;
    private static final MutableClock CLOCK = new MutableClock();

    private static LearnerFunctions functions;
    private static LearnerJourney journey;

    @BeforeAll
    static void start() {
        CLOCK.advance(Duration.ofDays(4000));
        functions = new LearnerFunctions(Map.of("LEARNER_REQUESTED_EMAILS_PER_HOUR", String.valueOf(BUDGET),
                "LEARNER_PUBLIC_RESPONSE_FLOOR", "PT0S"), CLOCK);
        journey = functions.journey;
    }

    @AfterAll
    static void stop() {
        functions.close();
    }

    @Test
    void pastTheHoursBudgetForAllAddresses_noRouteMailsATypedAddress_andEachAnswersAsForAnUnknownOne() throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner newcomer = TestLearners.next();
        String newAddress = TestLearners.next().email();
        TestLearners.Learner nobody = TestLearners.next();
        CLOCK.withinOneHour(() -> {
            // The budget's three mails: the verification link, the sign-in link, the deletion form's link.
            String session = journey.signedUpAndSignedIn(learner);
            assertThat(deletionForm(learner.email()).getStatusCode()).isEqualTo(202);
            assertThat(Outbox.mailTo(learner.email())).hasSize(BUDGET);
            long profiles = itemsIn("ProfilesTable");
            long auditRecords = itemsIn("AuditTable");
            String etag = journey.get("/v1/profiles/me", session).getHeaders().get("etag");

            APIGatewayV2HTTPResponse signedUp = signupOf(newcomer);
            APIGatewayV2HTTPResponse linkRequested = journey.requestLink(learner.email());
            APIGatewayV2HTTPResponse deletionAsked = deletionForm(learner.email());
            APIGatewayV2HTTPResponse emailChange = journey.patch(session, etag, Json.of(Map.of("email", newAddress)));

            assertThat(Outbox.mailTo(newcomer.email())).as("signup").isEmpty();
            assertThat(Outbox.mailTo(learner.email())).as("sign-in and deletion links").hasSize(BUDGET);
            assertThat(Outbox.mailTo(newAddress)).as("email change").isEmpty();
            assertAnsweredAlike(signedUp, signupOf(nobody));
            assertAnsweredAlike(linkRequested, journey.requestLink(nobody.email()));
            assertAnsweredAlike(deletionAsked, deletionForm(nobody.email()));
            assertThat(emailChange.getStatusCode()).isEqualTo(429);
            assertThat(emailChange.getBody()).contains("urn:learner-profiles:problem:too-many-emails")
                    .doesNotContain(newAddress);
            assertThat(journey.get("/v1/profiles/me", session).getHeaders().get("etag")).as("profile unchanged")
                    .isEqualTo(etag);
            assertThat(itemsIn("ProfilesTable")).as("no profile written").isEqualTo(profiles);
            assertThat(itemsIn("AuditTable")).as("no audit record written").isEqualTo(auditRecords);
        });
        assertThat(Files.readAllLines(Path.of("target/test-logs/run.log")))
                .as("the metric and the log line that say the budget was spent")
                .anySatisfy(line -> assertThat(line).contains("\"MailBudgetSpent\":1"))
                .anySatisfy(line -> assertThat(line).contains("overall hourly mail budget spent"));

        CLOCK.advance(Duration.ofHours(2));
        signupOf(newcomer);
        assertThat(Outbox.mailTo(newcomer.email())).as("a new hour, a new budget").hasSize(1);
        assertThat(latestTokenTo(newcomer.email())).isNotBlank();
    }

    private static APIGatewayV2HTTPResponse signupOf(TestLearners.Learner learner) {
        return functions.signup.handleRequest(ApiEvents.post("/v1/profiles", "application/json", learner.signupJson(false)), null);
    }

    private static APIGatewayV2HTTPResponse deletionForm(String email) {
        return functions.deletion.handleRequest(ApiEvents.post("/v1/deletion-requests", "application/json",
                Json.of(Map.of("email", email, "kind", "deactivate"))), null);
    }

    private static void assertAnsweredAlike(APIGatewayV2HTTPResponse answer, APIGatewayV2HTTPResponse forUnknown) {
        assertThat(answer.getStatusCode()).isEqualTo(202).isEqualTo(forUnknown.getStatusCode());
        assertThat(answer.getBody()).isEqualTo(forUnknown.getBody());
    }

    private static long itemsIn(String table) {
        return functions.plainDynamoDb.scanPaginator(request -> request.tableName(LocalAwsExtension.aws().physicalId(table))
                .select("COUNT")).stream().mapToLong(page -> page.count()).sum();
    }
}
