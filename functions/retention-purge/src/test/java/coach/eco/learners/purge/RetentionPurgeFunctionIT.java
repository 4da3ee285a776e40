package coach.eco.learners.purge;

import coach.eco.learners.deletion.DeletionRequestFunction;
import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.update.UpdateFunction;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static coach.eco.learners.testing.LearnerJourney.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(LocalAwsExtension.class)
class RetentionPurgeFunctionIT {
    private static final MutableClock CLOCK = new MutableClock();
    private static final Duration PAST_GRACE = Duration.ofHours(70).plusMinutes(1);
    private static final Map<String, Object> SCHEDULE_INPUT = Map.of("trigger", "schedule");

    private static SignupFunction signup;
    private static UpdateFunction update;
    private static DeletionRequestFunction deletion;
    private static RetentionPurgeFunction purge;
    private static LearnerJourney journey;
    private static DynamoDbClient plainDynamoDb;

    @BeforeAll
    static void start() {
        signup = new SignupFunction(LocalAwsExtension.contextOf("SignupFunction", CLOCK));
        update = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction", CLOCK));
        deletion = new DeletionRequestFunction(LocalAwsExtension.contextOf("DeletionRequestFunction", CLOCK));
        // The purge as deployed, but with KMS where nothing answers: it must never need it.
        purge = LocalAwsExtension.builtWithKmsAt("http://127.0.0.1:9",
                () -> new RetentionPurgeFunction(LocalAwsExtension.contextOf("RetentionPurgeFunction", CLOCK)));
        journey = new LearnerJourney(signup, update);
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() {
        plainDynamoDb.close();
        signup.close();
        update.close();
        deletion.close();
        purge.close();
    }

    @AfterEach
    void backToNow() {
        CLOCK.reset();
    }

    @Test
    void hourlyRun_erasesEveryDueProfile_andLeavesHeldCancelledAndNotYetDueOnes() {
        String due = learnerWhoAskedForDeletion().profileId();
        String held = learnerWhoAskedForDeletion().profileId();
        hold(held);
        Asked changedTheirMind = learnerWhoAskedForDeletion();
        cancel(changedTheirMind.session(journey));
        CLOCK.advance(Duration.ofHours(30));
        String notYetDue = learnerWhoAskedForDeletion().profileId();
        CLOCK.advance(PAST_GRACE.minusHours(30));

        RetentionPurge.Report report = purge.handleRequest(SCHEDULE_INPUT, null);

        assertThat(report.finished()).isTrue();
        assertThat(report.erased()).isGreaterThanOrEqualTo(1);
        assertThat(report.held()).as("the held one, at least").isGreaterThanOrEqualTo(1);
        assertThat(report.failed()).isEmpty();
        assertThat(RawTables.itemsMentioning(plainDynamoDb, due)).isEmpty();
        assertThat(AuditTrail.eventsOf(plainDynamoDb, due)).endsWith("PROFILE_ERASED");
        for (String kept : List.of(held, changedTheirMind.profileId(), notYetDue)) {
            assertThat(RawTables.itemsMentioning(plainDynamoDb, kept)).as(kept).isNotEmpty();
            assertThat(AuditTrail.eventsOf(plainDynamoDb, kept)).doesNotContain("PROFILE_ERASED");
        }
    }

    @Test
    void runThatReachesItsTimeLimit_erasesNothingMore_andTheNextRunFinishes() {
        String due = learnerWhoAskedForDeletion().profileId();
        CLOCK.advance(PAST_GRACE);

        RetentionPurge.Report stopped;
        try (RetentionPurgeFunction withNoTime = new RetentionPurgeFunction(LocalAwsExtension.contextOf(
                "RetentionPurgeFunction", Map.of("LEARNER_PURGE_TIME_LIMIT", "PT0S"), CLOCK))) {
            stopped = withNoTime.handleRequest(SCHEDULE_INPUT, null);
        }

        assertThat(stopped.finished()).isFalse();
        assertThat(stopped.erased()).isZero();
        assertThat(RawTables.itemsMentioning(plainDynamoDb, due)).isNotEmpty();
        assertThat(purge.handleRequest(SCHEDULE_INPUT, null).finished()).isTrue();
        assertThat(RawTables.itemsMentioning(plainDynamoDb, due)).isEmpty();
    }

    @Test
    void runKilledHalfway_andRunAgain_endsAsOneUninterruptedRunWould() {
        List<String> due = List.of(learnerWhoAskedForDeletion().profileId(), learnerWhoAskedForDeletion().profileId(),
                learnerWhoAskedForDeletion().profileId(), learnerWhoAskedForDeletion().profileId());
        CLOCK.advance(PAST_GRACE);
        String notYetDue = learnerWhoAskedForDeletion().profileId();

        DynamoDbTap.killAfter(2);
        try {
            assertThatThrownBy(() -> purge.handleRequest(SCHEDULE_INPUT, null)).isInstanceOf(DynamoDbTap.Killed.class);
        } finally {
            DynamoDbTap.neverKill();
        }
        assertThat(due).as("cut off halfway").filteredOn(id -> RawTables.itemsMentioning(plainDynamoDb, id).isEmpty())
                .hasSize(2);
        RetentionPurge.Report rerun = purge.handleRequest(SCHEDULE_INPUT, null);

        assertThat(rerun.failed()).isEmpty();
        assertThat(rerun.erased()).isGreaterThanOrEqualTo(2);
        for (String erased : due) {
            assertThat(RawTables.itemsMentioning(plainDynamoDb, erased)).as(erased).isEmpty();
            assertThat(AuditTrail.eventsOf(plainDynamoDb, erased)).as("erased once").containsOnlyOnce("PROFILE_ERASED");
        }
        assertThat(RawTables.itemsMentioning(plainDynamoDb, notYetDue)).isNotEmpty();
        assertThat(AuditTrail.eventsOf(plainDynamoDb, notYetDue)).doesNotContain("PROFILE_ERASED");
    }

    /** A confirmed learner who asked for deletion, signed in, and has signed in again since. */
    private record Asked(TestLearners.Learner learner, String profileId) {
        String session(LearnerJourney journey) {
            return journey.signIn(learner.email());
        }
    }

    private static Asked learnerWhoAskedForDeletion() {
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String profileId = field(journey.get("/v1/profiles/me", session).getBody(), "profileId");
        APIGatewayV2HTTPResponse requested = deletion.handleRequest(ApiEvents.request("POST",
                "/v1/profiles/me/deletion-request",
                Map.of("authorization", "Bearer " + session, "content-type", "application/json"),
                "{\"kind\": \"delete\"}"), null);
        assertThat(requested.getStatusCode()).isEqualTo(201);
        return new Asked(learner, profileId);
    }

    private static void hold(String profileId) {
        assertThat(deletion.handleRequest(ApiEvents.iamRequest("PUT", "/v1/admin/profiles/{profileId}/legal-hold",
                Map.of("profileId", profileId), "arn:aws:iam::123456789012:user/records-officer",
                "{\"reason\": \"kiểm toán\", \"reference\": \"HS-2026/300\"}"), null).getStatusCode()).isEqualTo(200);
    }

    private static void cancel(String session) {
        assertThat(deletion.handleRequest(ApiEvents.request("DELETE", "/v1/profiles/me/deletion-request",
                Map.of("authorization", "Bearer " + session), null), null).getStatusCode()).isEqualTo(200);
    }

}
