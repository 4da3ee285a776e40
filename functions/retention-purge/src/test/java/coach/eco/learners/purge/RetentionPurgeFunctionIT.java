package coach.eco.learners.purge;

import coach.eco.learners.deletion.DeletionCancellation;
import coach.eco.learners.deletion.DeletionInForce;
import coach.eco.learners.staff.LegalHoldService;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.profile.HoldNote;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.staff.StaffCaller;
import coach.eco.learners.testing.DynamoDbTap;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.LearnerSetUp;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.testing.TestStaff;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static coach.eco.learners.testing.LearnerSetUp.field;
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
        cancel(changedTheirMind.profileId());
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

    /**
     * The restore drill: tables restored from a backup (under new names, as every restore is) still
     * decrypt, and the erasure ledger erases again what was erased after the backup was taken.
     */
    @Test
    void restoredTables_stillDecryptUnderTheirNewNames_andTheLedgerErasesAgainWhatWasErasedSinceTheBackup() {
        TestLearners.Learner kept = TestLearners.next();
        learners.signedUpAndSignedIn(kept);
        TestLearners.Learner leaving = TestLearners.next();
        String erased = learners.profile(learners.signedUpAndSignedIn(leaving)).profileId();
        // The backup predates the deletion request: in it the profile is active, and no purge would erase it.
        String profilesBackup = backup("ProfilesTable");
        String lookupBackup = backup("LookupTable");
        askForDeletion(erased);
        clock.advance(PAST_GRACE);
        functions.purgeRun();
        assertThat(RawTables.itemsMentioning(plainDynamoDb, erased)).isEmpty();

        String suffix = "-restored-" + UUID.randomUUID();
        List<String> restored = List.of(restore(profilesBackup, "ProfilesTable" + suffix),
                restore(lookupBackup, "LookupTable" + suffix));
        Map<String, String> pointedAtRestored = Map.of(
                "LEARNER_PROFILES_TABLE", restored.get(0), "LEARNER_LOOKUP_TABLE", restored.get(1));
        assertThat(RawTables.itemsMentioning(plainDynamoDb, erased, restored))
                .as("the backup still holds the erased profile").isNotEmpty();
        try (RetentionPurgeFunction purgeOfRestored = new RetentionPurgeFunction(
                LocalAwsExtension.contextOf("RetentionPurgeFunction", pointedAtRestored, clock));
             ApplicationContext servicesOfRestored = LocalAwsExtension.contextOf("InactivityWarningFunction",
                     pointedAtRestored, clock)) {
            purgeOfRestored.handleRequest(Map.of("trigger", "restore"), null);

            assertThat(RawTables.itemsMentioning(plainDynamoDb, erased, restored)).isEmpty();
            LearnerSetUp onRestored = new LearnerSetUp(servicesOfRestored);
            String read = onRestored.profileJson(onRestored.signIn(kept.email()));
            assertThat(field(read, "fullName")).isEqualTo(kept.fullName());
        }
    }

    private static String backup(String logicalId) {
        return plainDynamoDb.createBackup(request -> request
                .tableName(LocalAwsExtension.aws().physicalId(logicalId))
                .backupName(logicalId + "-drill")).backupDetails().backupArn();
    }

    private static String restore(String backupArn, String newName) {
        plainDynamoDb.restoreTableFromBackup(request -> request.backupArn(backupArn).targetTableName(newName));
        return newName;
    }

    /** A confirmed learner who asked for deletion, signed in. */
    private record Asked(TestLearners.Learner learner, String profileId) {
    }

    private static Asked learnerWhoAskedForDeletion() {
        TestLearners.Learner learner = TestLearners.next();
        String profileId = learners.profile(learners.signedUpAndSignedIn(learner)).profileId();
        askForDeletion(profileId);
        return new Asked(learner, profileId);
    }

    // The learner's and staff's steps, through the services their functions call.
    private static void askForDeletion(String profileId) {
        assertThat(functions.services.getBean(DeletionInForce.class).request(profileId, DeletionKind.DELETE).created())
                .isTrue();
    }

    private static void hold(String profileId) {
        assertThat(functions.services.getBean(LegalHoldService.class).place(profileId,
                new HoldNote("kiểm toán", "HS-2026/300"), new StaffCaller(TestStaff.ROLE, TestStaff.SESSION_NAME))
                .held()).isTrue();
    }

    private static void cancel(String profileId) {
        assertThat(functions.services.getBean(DeletionCancellation.class).cancel(profileId).status())
                .isEqualTo(ProfileStatus.ACTIVE);
    }

}
