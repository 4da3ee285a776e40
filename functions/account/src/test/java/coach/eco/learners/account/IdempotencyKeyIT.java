package coach.eco.learners.account;

import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.AwsFaults;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests retried with an Idempotency-Key: the first answer again, and nothing done twice. */
@ExtendWith(LocalAwsExtension.class)
class IdempotencyKeyIT {
    private static final MutableClock CLOCK = new MutableClock();

    @RegisterExtension
    static final LearnerFunctions functions = new LearnerFunctions(CLOCK);

    @Test
    void signIn_retriedWithItsKey_getsTheSameSession_andSignsInOnce() {
        TestLearners.Learner learner = TestLearners.next();
        functions.journey.signedUpAndSignedIn(learner);
        assertThat(functions.journey.requestLink(learner.email()).getStatusCode()).isEqualTo(202);
        String body = Json.of(Map.of("token", LearnerJourney.latestTokenTo(learner.email())));
        String key = UUID.randomUUID().toString();

        APIGatewayV2HTTPResponse first = keyed(functions.update, "/v1/sessions", key, body);
        APIGatewayV2HTTPResponse retry = keyed(functions.update, "/v1/sessions", key, body);

        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(201);
        assertThat(retry.getStatusCode()).isEqualTo(201);
        String session = LearnerJourney.field(first.getBody(), "sessionToken");
        assertThat(LearnerJourney.field(retry.getBody(), "sessionToken")).isEqualTo(session);
        APIGatewayV2HTTPResponse profile = functions.journey.get("/v1/profiles/me", session);
        assertThat(profile.getStatusCode()).isEqualTo(200);
        String profileId = LearnerJourney.field(profile.getBody(), "profileId");
        assertThat(AuditTrail.eventsOf(functions.plainDynamoDb, profileId).stream().filter("SIGNED_IN"::equals))
                .as("the link's sign-in and the keyed one, not its retry").hasSize(2);
    }

    @Test
    void aUsedSignInLink_withItsKey_givesTheSessionAgainOnlyForTenMinutes_notForTheDay() {
        TestLearners.Learner learner = TestLearners.next();
        functions.journey.signedUpAndSignedIn(learner);
        assertThat(functions.journey.requestLink(learner.email()).getStatusCode()).isEqualTo(202);
        String body = Json.of(Map.of("token", LearnerJourney.latestTokenTo(learner.email())));
        String key = UUID.randomUUID().toString();
        assertThat(keyed(functions.update, "/v1/sessions", key, body).getStatusCode()).isEqualTo(201);
        try {
            CLOCK.advance(Duration.ofMinutes(9));
            assertThat(keyed(functions.update, "/v1/sessions", key, body).getHeaders())
                    .as("a retry after a lost answer").containsEntry("idempotent-replayed", "true");
            CLOCK.advance(Duration.ofMinutes(2));

            APIGatewayV2HTTPResponse later = keyed(functions.update, "/v1/sessions", key, body);

            assertThat(later.getStatusCode()).as("the used link, eleven minutes on").isEqualTo(400);
            assertThat(later.getBody()).doesNotContain("sessionToken");
        } finally {
            CLOCK.reset();
        }
    }

    @Test
    void storedAnswers_holdNeitherTheKeyNorTheSessionToken_norTheLearnersEmail_inPlaintext() {
        TestLearners.Learner learner = TestLearners.next();
        functions.journey.signedUpAndSignedIn(learner);
        assertThat(functions.journey.requestLink(learner.email()).getStatusCode()).isEqualTo(202);
        String key = UUID.randomUUID().toString();
        APIGatewayV2HTTPResponse started = keyed(functions.update, "/v1/sessions", key,
                Json.of(Map.of("token", LearnerJourney.latestTokenTo(learner.email()))));
        String session = LearnerJourney.field(started.getBody(), "sessionToken");
        keyed(functions.update, "/v1/sign-in-links", UUID.randomUUID().toString(), Json.of(Map.of("email", learner.email())));

        String raw = functions.plainDynamoDb.scanPaginator(scan -> scan.tableName(LocalAwsExtension.aws()
                .physicalId("IdempotencyTable"))).items().stream().map(Object::toString).reduce("", String::concat);

        assertThat(raw).contains("aws_dbe_head").doesNotContain(key, session, learner.email(), "sessionToken");
    }

    @Test
    void aRetryWhileTheFirstAttemptRuns_isRefused_andOnceTheFirstFailedWith503_theRetryCompletes() throws Exception {
        // Slow calls, so that the first attempt is still running when its retry comes.
        UpdateFunction slow = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction",
                Map.of("LEARNER_AWS_CALL_TIMEOUT", "PT4S", "LEARNER_REQUEST_BUDGET", "PT40S"), CLOCK));
        try {
            TestLearners.Learner learner = TestLearners.next();
            functions.journey.signedUpAndSignedIn(learner);
            functions.journey.requestLink(learner.email());
            String body = Json.of(Map.of("token", LearnerJourney.latestTokenTo(learner.email())));
            String key = UUID.randomUUID().toString();

            CompletableFuture<APIGatewayV2HTTPResponse> firstAttempt = CompletableFuture.supplyAsync(() ->
                    // The route's first call, the link's token read, never answers.
                    AwsFaults.at("DynamoDb.GetItem LookupTable", AwsFaults.Fault.TIMED_OUT,
                            () -> keyed(slow, "/v1/sessions", key, body)).result());
            waitForAClaimInProgress();
            APIGatewayV2HTTPResponse meanwhile = keyed(slow, "/v1/sessions", key, body);
            APIGatewayV2HTTPResponse failed = firstAttempt.get();
            APIGatewayV2HTTPResponse retry = keyed(slow, "/v1/sessions", key, body);

            assertThat(meanwhile.getStatusCode()).as(meanwhile.getBody()).isEqualTo(409);
            assertThat(meanwhile.getBody()).contains("urn:learner-profiles:problem:request-in-progress");
            assertThat(failed.getStatusCode()).as(failed.getBody()).isEqualTo(503);
            assertThat(retry.getStatusCode()).as(retry.getBody()).isEqualTo(201);
            assertThat(retry.getHeaders()).doesNotContainKey("idempotent-replayed");
            assertThat(functions.journey.get("/v1/profiles/me", LearnerJourney.field(retry.getBody(), "sessionToken"))
                    .getStatusCode()).isEqualTo(200);
        } finally {
            slow.close();
        }
    }

    /**
     * The attempt's work is done but its answer cannot be stored: its claim holds the key while an
     * attempt could still be running (the request budget plus one call's timeout, 14 s), and not longer.
     */
    @Test
    void aClaimWhoseAnswerWasNeverStored_holdsItsKeyFor14Seconds_thenARetryRunsTheRequestAgain() {
        TestLearners.Learner learner = TestLearners.next();
        functions.journey.signedUpAndSignedIn(learner);
        String key = UUID.randomUUID().toString();
        String body = Json.of(Map.of("email", learner.email()));
        int before = Outbox.mailTo(learner.email()).size();
        Instant attempted = CLOCK.instant();
        AwsFaults.Faulted<APIGatewayV2HTTPResponse> first = AwsFaults.at("DynamoDb.PutItem IdempotencyTable #2",
                AwsFaults.Fault.THROTTLED, () -> keyed(functions.update, "/v1/sign-in-links", key, body));
        Instant answered = CLOCK.instant();
        assertThat(first.fired()).as("the answer's write failed").isTrue();
        assertThat(first.result().getStatusCode()).isEqualTo(202);
        try {
            CLOCK.advance(Duration.between(CLOCK.instant(), attempted.plusSeconds(13)));
            APIGatewayV2HTTPResponse within = keyed(functions.update, "/v1/sign-in-links", key, body);
            CLOCK.advance(Duration.between(CLOCK.instant(), answered.plusSeconds(14)));
            APIGatewayV2HTTPResponse after = keyed(functions.update, "/v1/sign-in-links", key, body);

            assertThat(within.getStatusCode()).as("13 s after the attempt").isEqualTo(409);
            assertThat(within.getBody()).contains("urn:learner-profiles:problem:request-in-progress");
            assertThat(after.getStatusCode()).as("14 s after it").isEqualTo(202);
            assertThat(after.getHeaders()).doesNotContainKey("idempotent-replayed");
            assertThat(Outbox.mailTo(learner.email())).as("the attempt's link and the retry's").hasSize(before + 2);
        } finally {
            CLOCK.reset();
        }
    }

    /**
     * A key names a request of one route by one caller: the same key with another caller (another
     * Authorization header) or on another route is a new request, neither replayed nor refused as reused.
     */
    @Test
    void aKey_isScopedToItsRouteAndItsCaller() {
        TestLearners.Learner learner = TestLearners.next();
        String session = functions.journey.signedUpAndSignedIn(learner);
        String key = UUID.randomUUID().toString();
        String body = Json.of(Map.of("email", learner.email()));
        int before = Outbox.mailTo(learner.email()).size();

        APIGatewayV2HTTPResponse anonymous = keyed(functions.update, "/v1/sign-in-links", key, body);
        APIGatewayV2HTTPResponse signedIn = functions.update.handleRequest(ApiEvents.request("POST", "/v1/sign-in-links",
                Map.of("content-type", "application/json", "idempotency-key", key, "authorization", "Bearer " + session),
                body), null);
        APIGatewayV2HTTPResponse otherRoute = keyed(functions.update, "/v1/sessions", key,
                Json.of(Map.of("token", LearnerJourney.latestTokenTo(learner.email()))));

        assertThat(anonymous.getStatusCode()).isEqualTo(202);
        assertThat(signedIn.getStatusCode()).as("another caller").isEqualTo(202);
        assertThat(signedIn.getHeaders()).as("another caller").doesNotContainKey("idempotent-replayed");
        assertThat(Outbox.mailTo(learner.email())).as("a link for each caller").hasSize(before + 2);
        assertThat(otherRoute.getStatusCode()).as("another route: " + otherRoute.getBody()).isEqualTo(201);
        assertThat(otherRoute.getHeaders()).doesNotContainKey("idempotent-replayed");
    }

    @Test
    void key_pastItsLifetime_runsTheRequestAgain() {
        TestLearners.Learner learner = TestLearners.next();
        functions.journey.signedUpAndSignedIn(learner);
        String key = UUID.randomUUID().toString();
        String body = Json.of(Map.of("email", learner.email()));
        int before = Outbox.mailTo(learner.email()).size();

        keyed(functions.update, "/v1/sign-in-links", key, body);
        keyed(functions.update, "/v1/sign-in-links", key, body);
        assertThat(Outbox.mailTo(learner.email())).as("a retry within the day").hasSize(before + 1);
        CLOCK.advance(Duration.ofHours(24).plusMinutes(1));
        try {
            APIGatewayV2HTTPResponse later = keyed(functions.update, "/v1/sign-in-links", key, body);

            assertThat(later.getHeaders()).doesNotContainKey("idempotent-replayed");
            assertThat(Outbox.mailTo(learner.email())).as("the same key a day later").hasSize(before + 2);
        } finally {
            CLOCK.reset();
        }
    }

    private static APIGatewayV2HTTPResponse keyed(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function,
                                                  String path, String key, String body) {
        return function.handleRequest(ApiEvents.keyedPost(path, key, body), null);
    }

    private static void waitForAClaimInProgress() throws InterruptedException {
        String table = LocalAwsExtension.aws().physicalId("IdempotencyTable");
        for (int attempt = 0; attempt < 200; attempt++) {
            boolean claimed = functions.plainDynamoDb.scanPaginator(scan -> scan.tableName(table)
                            .filterExpression("#state = :inProgress")
                            .expressionAttributeNames(Map.of("#state", "state"))
                            .expressionAttributeValues(Map.of(":inProgress", AttributeValue.fromS("IN_PROGRESS"))))
                    .items().stream().findAny().isPresent();
            if (claimed) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the first attempt never claimed its key");
    }
}
