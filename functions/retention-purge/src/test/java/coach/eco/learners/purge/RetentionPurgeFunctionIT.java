package coach.eco.learners.purge;

import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static coach.eco.learners.testing.LearnerJourney.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionPurgeFunctionIT extends RetentionFunctionsTest {
    private static final Duration PAST_GRACE = Duration.ofHours(70).plusMinutes(1);

    @Test
    void hourlyRun_erasesEveryDueProfile_andLeavesHeldCancelledAndNotYetDueOnes() {
        String due = learnerWhoAskedForDeletion().profileId();
        String held = learnerWhoAskedForDeletion().profileId();
        hold(held);
        Asked changedTheirMind = learnerWhoAskedForDeletion();
        cancel(changedTheirMind.session(journey));
        clock.advance(Duration.ofHours(30));
        String notYetDue = learnerWhoAskedForDeletion().profileId();
        clock.advance(PAST_GRACE.minusHours(30));

        RetentionPurge.Report report = functions.purgeRun();

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
        clock.advance(PAST_GRACE);

        RetentionPurge.Report stopped;
        try (RetentionPurgeFunction withNoTime = new RetentionPurgeFunction(LocalAwsExtension.contextOf(
                "RetentionPurgeFunction", Map.of("LEARNER_PURGE_TIME_LIMIT", "PT0S"), clock))) {
            stopped = withNoTime.handleRequest(Map.of("trigger", "schedule"), null);
        }

        assertThat(stopped.finished()).isFalse();
        assertThat(stopped.erased()).isZero();
        assertThat(RawTables.itemsMentioning(plainDynamoDb, due)).isNotEmpty();
        assertThat(functions.purgeRun().finished()).isTrue();
        assertThat(RawTables.itemsMentioning(plainDynamoDb, due)).isEmpty();
    }

    @Test
    void runKilledHalfway_andRunAgain_endsAsOneUninterruptedRunWould() {
        List<String> due = List.of(learnerWhoAskedForDeletion().profileId(), learnerWhoAskedForDeletion().profileId(),
                learnerWhoAskedForDeletion().profileId(), learnerWhoAskedForDeletion().profileId());
        clock.advance(PAST_GRACE);
        String notYetDue = learnerWhoAskedForDeletion().profileId();

        DynamoDbTap.killAfter(2);
        try {
            assertThatThrownBy(() -> functions.purgeRun()).isInstanceOf(DynamoDbTap.Killed.class);
        } finally {
            DynamoDbTap.neverKill();
        }
        assertThat(due).as("cut off halfway").filteredOn(id -> RawTables.itemsMentioning(plainDynamoDb, id).isEmpty())
                .hasSize(2);
        RetentionPurge.Report rerun = functions.purgeRun();

        assertThat(rerun.failed()).isEmpty();
        assertThat(rerun.erased()).isGreaterThanOrEqualTo(2);
        for (String erased : due) {
            assertThat(RawTables.itemsMentioning(plainDynamoDb, erased)).as(erased).isEmpty();
            assertThat(AuditTrail.eventsOf(plainDynamoDb, erased)).as("erased once").containsOnlyOnce("PROFILE_ERASED");
        }
        assertThat(RawTables.itemsMentioning(plainDynamoDb, notYetDue)).isNotEmpty();
        assertThat(AuditTrail.eventsOf(plainDynamoDb, notYetDue)).doesNotContain("PROFILE_ERASED");
    }

    @Test
    void everyRun_publishesItsCounts_inEmbeddedMetricFormat_withFixedNamesAndNoDimensions() throws Exception {
        String due = learnerWhoAskedForDeletion().profileId();
        clock.advance(PAST_GRACE);

        functions.purgeRun();

        List<String> lines = Files.readAllLines(Path.of("target/test-logs/run.log"));
        JsonNode metrics = new ObjectMapper().readTree(lines.stream().filter(line -> line.contains("\"PurgeRuns\""))
                .reduce((first, second) -> second).orElseThrow());
        JsonNode directive = metrics.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("LearnerProfiles");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[]]");
        assertThat(directive.path("Metrics").findValuesAsText("Name")).containsExactlyInAnyOrder("PurgeRuns",
                "ProfilesErased", "ProfilesHeld", "RetentionItemsFailed", "RetentionItemsParked", "ErasuresOverdue");
        assertThat(metrics.path("PurgeRuns").asInt()).isEqualTo(1);
        assertThat(metrics.path("ProfilesErased").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(metrics.path("_aws").path("Timestamp").asLong()).isPositive();
        assertThat(metrics.toString()).doesNotContain(due);
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
        APIGatewayV2HTTPResponse requested = functions.deletion.handleRequest(ApiEvents.request("POST",
                "/v1/profiles/me/deletion-request",
                Map.of("authorization", "Bearer " + session, "content-type", "application/json"),
                "{\"kind\": \"delete\"}"), null);
        assertThat(requested.getStatusCode()).isEqualTo(201);
        return new Asked(learner, profileId);
    }

    private static void hold(String profileId) {
        assertThat(functions.deletion.handleRequest(ApiEvents.iamRequest("PUT", "/v1/admin/profiles/{profileId}/legal-hold",
                Map.of("profileId", profileId), "arn:aws:iam::123456789012:user/records-officer",
                "{\"reason\": \"kiểm toán\", \"reference\": \"HS-2026/300\"}"), null).getStatusCode()).isEqualTo(200);
    }

    private static void cancel(String session) {
        assertThat(functions.deletion.handleRequest(ApiEvents.request("DELETE", "/v1/profiles/me/deletion-request",
                Map.of("authorization", "Bearer " + session), null), null).getStatusCode()).isEqualTo(200);
    }

}
