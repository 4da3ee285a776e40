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
import coach.eco.learners.testing.TestStaff;
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
import java.util.UUID;

import static coach.eco.learners.testing.LearnerJourney.field;
import static org.assertj.core.api.Assertions.assertThat;

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
        SignedUp changedTheirMind = learnerWhoAskedForDeletion();
        cancel(changedTheirMind.session(journey));
        CLOCK.advance(Duration.ofHours(30));
        String notYetDue = learnerWhoAskedForDeletion().profileId();
        CLOCK.advance(PAST_GRACE.minusHours(30));

        RetentionPurge.Report report = purge.handleRequest(SCHEDULE_INPUT, null);

        assertThat(report.finished()).isTrue();
        assertThat(report.erased()).isGreaterThanOrEqualTo(1);
        assertThat(report.waiting()).as("the held one, at least").isGreaterThanOrEqualTo(1);
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

    /**
     * The restore drill: tables restored from a backup (under new names, as every restore is) still
     * decrypt, and the erasure ledger erases again what was erased after the backup was taken.
     */
    @Test
    void restoredTables_stillDecryptUnderTheirNewNames_andTheLedgerErasesAgainWhatWasErasedSinceTheBackup() {
        TestLearners.Learner kept = TestLearners.next();
        journey.signedUpAndSignedIn(kept);
        TestLearners.Learner leaving = TestLearners.next();
        SignedUp laterErased = new SignedUp(leaving, field(journey.get("/v1/profiles/me",
                journey.signedUpAndSignedIn(leaving)).getBody(), "profileId"));
        // The backup predates the deletion request: in it the profile is active, and no purge would erase it.
        String profilesBackup = backup("ProfilesTable");
        String lookupBackup = backup("LookupTable");
        askForDeletion(laterErased);
        String erased = laterErased.profileId();
        CLOCK.advance(PAST_GRACE);
        purge.handleRequest(SCHEDULE_INPUT, null);
        assertThat(RawTables.itemsMentioning(plainDynamoDb, erased)).isEmpty();

        String suffix = "-restored-" + UUID.randomUUID();
        List<String> restored = List.of(restore(profilesBackup, "ProfilesTable" + suffix),
                restore(lookupBackup, "LookupTable" + suffix));
        Map<String, String> pointedAtRestored = Map.of(
                "LEARNER_PROFILES_TABLE", restored.get(0), "LEARNER_LOOKUP_TABLE", restored.get(1));
        assertThat(RawTables.itemsMentioning(plainDynamoDb, erased, restored))
                .as("the backup still holds the erased profile").isNotEmpty();
        try (RetentionPurgeFunction purgeOfRestored = new RetentionPurgeFunction(
                LocalAwsExtension.contextOf("RetentionPurgeFunction", pointedAtRestored, CLOCK));
             UpdateFunction updateOfRestored = new UpdateFunction(
                     LocalAwsExtension.contextOf("UpdateFunction", pointedAtRestored, CLOCK))) {
            purgeOfRestored.handleRequest(Map.of("trigger", "restore"), null);

            assertThat(RawTables.itemsMentioning(plainDynamoDb, erased, restored)).isEmpty();
            LearnerJourney onRestored = new LearnerJourney(signup, updateOfRestored);
            APIGatewayV2HTTPResponse read = onRestored.get("/v1/profiles/me", onRestored.signIn(kept.email()));
            assertThat(read.getStatusCode()).isEqualTo(200);
            assertThat(field(read.getBody(), "fullName")).isEqualTo(kept.fullName());
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

    /** A confirmed learner, and the profile they have; sessions are new sign-ins. */
    private record SignedUp(TestLearners.Learner learner, String profileId) {
        String session(LearnerJourney journey) {
            return journey.signIn(learner.email());
        }
    }

    private static SignedUp learnerWhoAskedForDeletion() {
        TestLearners.Learner learner = TestLearners.next();
        String profileId = field(journey.get("/v1/profiles/me", journey.signedUpAndSignedIn(learner)).getBody(),
                "profileId");
        SignedUp learnerWithProfile = new SignedUp(learner, profileId);
        askForDeletion(learnerWithProfile);
        return learnerWithProfile;
    }

    private static void askForDeletion(SignedUp learner) {
        APIGatewayV2HTTPResponse requested = deletion.handleRequest(ApiEvents.request("POST",
                "/v1/profiles/me/deletion-request",
                Map.of("authorization", "Bearer " + learner.session(journey), "content-type", "application/json"),
                "{\"kind\": \"delete\"}"), null);
        assertThat(requested.getStatusCode()).isEqualTo(201);
    }

    private static void hold(String profileId) {
        assertThat(deletion.handleRequest(ApiEvents.iamRequest("PUT", "/v1/admin/profiles/{profileId}/legal-hold",
                Map.of("profileId", profileId), TestStaff.SESSION,
                "{\"reason\": \"kiểm toán\", \"reference\": \"HS-2026/300\"}"), null).getStatusCode()).isEqualTo(200);
    }

    private static void cancel(String session) {
        assertThat(deletion.handleRequest(ApiEvents.request("DELETE", "/v1/profiles/me/deletion-request",
                Map.of("authorization", "Bearer " + session), null), null).getStatusCode()).isEqualTo(200);
    }

}
