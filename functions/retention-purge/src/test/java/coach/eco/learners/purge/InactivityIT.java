package coach.eco.learners.purge;

import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.LearnerSetUp;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.TestLearners;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static coach.eco.learners.testing.LearnerSetUp.field;
import static org.assertj.core.api.Assertions.assertThat;

/** The inactivity rule as learners live it: a warning a month ahead, kept by signing in, erased if silent. */
class InactivityIT extends RetentionFunctionsTest {
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    @Test
    void warnedLearnerWhoSignsIn_isKept_andTheSilentOneIsErasedOnTheDateTheWarningGave() {
        TestLearners.Learner keeps = TestLearners.next();
        TestLearners.Learner silent = TestLearners.next();
        String keepsId = profileIdOf(learners.signedUpAndSignedIn(keeps));
        String silentId = profileIdOf(learners.signedUpAndSignedIn(silent));
        Instant lastActive = clock.instant();
        Instant erasureDate = lastActive.atZone(VIETNAM).plusMonths(24).toInstant();
        clock.advance(Duration.between(lastActive, erasureDate).minusDays(30).plusHours(1));
        Instant warnedAt = clock.instant();

        functions.warningsRun();
        functions.warningsRun();

        Outbox.Mail warning = Outbox.mailTo(keeps.email()).get(Outbox.mailTo(keeps.email()).size() - 1);
        assertThat(Outbox.mailTo(silent.email())).as("one warning, however many runs")
                .filteredOn(mail -> mail.subject().contains("inactive")).hasSize(1);
        // Thirty days from the warning: the end of the 24 months, or just after it, as the run came an hour late.
        String dateVi = DateTimeFormatter.ofPattern("dd/MM/yyyy").format(warnedAt.plus(Duration.ofDays(30))
                .atZone(VIETNAM));
        assertThat(warning.subject()).startsWith("Hồ sơ sẽ bị xoá").contains("Your inactive profile will be deleted");
        assertThat(warning.text().indexOf("Xin chào")).as("Vietnamese first").isLessThan(warning.text().indexOf("Hello"));
        assertThat(warning.text()).contains(dateVi, "(giờ Việt Nam)", "(Vietnam time)",
                "https://eco-coach.example/sign-in", "https://eco-coach.example/delete-profile");
        assertThat(warning.htmlLinks()).contains("https://eco-coach.example/sign-in",
                "https://eco-coach.example/delete-profile");
        assertThat(AuditTrail.eventsOf(plainDynamoDb, keepsId)).endsWith("INACTIVITY_WARNED");

        clock.advance(Duration.ofDays(10));
        learners.signIn(keeps.email());
        clock.advance(Duration.ofDays(21));
        RetentionPurge.Report run = functions.purgeRun();

        assertThat(run.failed()).isEmpty();
        assertThat(RawTables.itemsMentioning(plainDynamoDb, keepsId)).as("kept by signing in").isNotEmpty();
        assertThat(AuditTrail.eventsOf(plainDynamoDb, keepsId)).doesNotContain("PROFILE_ERASED");
        assertThat(RawTables.itemsMentioning(plainDynamoDb, silentId)).as("erased, with every related item").isEmpty();
        assertThat(AuditTrail.recordsOf(plainDynamoDb, silentId).get(AuditTrail.recordsOf(plainDynamoDb, silentId)
                .size() - 1).toString()).contains("PROFILE_ERASED", "inactive")
                .doesNotContain(silent.email(), silent.fullName(), silent.phoneE164());
    }

    @Test
    void signupNeverConfirmed_isErasedByThePurge_whenTtlIsLate_andItsAddressIsFreeAgain() {
        TestLearners.Learner learner = TestLearners.next();
        learners.signUp(learner);
        String verification = LearnerSetUp.latestTokenTo(learner.email());
        clock.advance(Duration.ofHours(25));

        RetentionPurge.Report run = functions.purgeRun();

        assertThat(run.byRule()).containsKey("unverified");
        assertThat(RawTables.everything(plainDynamoDb)).as("the profile, its lookup and its token")
                .doesNotContain(verification);
        clock.reset();
        learners.signedUpAndSignedIn(learner);
    }

    @Test
    void signInsWithinADay_recordActivityOnce_andMoveTheWarningWithIt() {
        TestLearners.Learner learner = TestLearners.next();
        String profileId = profileIdOf(learners.signedUpAndSignedIn(learner));
        clock.advance(Duration.ofDays(3));
        long before = clock.instant().getEpochSecond();
        learners.signIn(learner.email());
        Map<String, AttributeValue> after = rawProfile(profileId);

        clock.advance(Duration.ofHours(5));
        learners.signIn(learner.email());

        assertThat(rawProfile(profileId)).as("no second write the same day").isEqualTo(after);
        long lastActive = Long.parseLong(after.get("lastActiveAt").n());
        assertThat(lastActive).isBetween(before, clock.instant().minus(Duration.ofHours(5)).getEpochSecond());
        Instant warningDue = Instant.ofEpochSecond(lastActive).atZone(VIETNAM).plusMonths(24).minusDays(30).toInstant();
        assertThat(after.get("retentionDueAt").n()).isEqualTo(Long.toString(warningDue.getEpochSecond()));
        assertThat(after.get("retentionRule").s()).isEqualTo("inactivity-warning");
    }

    private static Map<String, AttributeValue> rawProfile(String profileId) {
        return plainDynamoDb.getItem(request -> request.tableName(LocalAwsExtension.aws().physicalId("ProfilesTable"))
                .key(Map.of("profileId", AttributeValue.fromS(profileId))).consistentRead(true)).item();
    }

    private static String profileIdOf(String session) {
        return learners.profile(session).profileId();
    }
}
