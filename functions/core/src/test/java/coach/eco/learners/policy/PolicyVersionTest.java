package coach.eco.learners.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyVersionTest {
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void answerLinks_expireTheGraceAfterTheVersionTakesEffectInVietnam_butNeverLaterThanTheLongestLife() {
        PolicyVersion soon = consent("2026-12-01T03:00:00Z", "2027-01-01");
        PolicyVersion late = consent("2026-12-01T03:00:00Z", "2027-06-01");
        Instant mailed = Instant.parse("2026-12-01T04:00:00Z");

        assertThat(soon.answerLinksExpireAt(mailed, Duration.ofDays(60), Duration.ofDays(3)))
                .isEqualTo(Instant.parse("2027-01-03T17:00:00Z"));
        assertThat(late.answerLinksExpireAt(mailed, Duration.ofDays(60), Duration.ofDays(3)))
                .isEqualTo(mailed.plus(Duration.ofDays(60)));
    }

    @Test
    void reminder_goesTheLeadBeforeTheEffectiveDate_forAVersionPublishedInGoodTime() {
        PolicyVersion version = consent("2026-12-01T03:00:00Z", "2027-01-01");

        assertThat(version.reminderDate(WEEK)).isEqualTo(LocalDate.parse("2026-12-25"));
    }

    @Test
    void reminder_goesHalfwayToTheEffectiveDate_forAVersionPublishedLate() {
        PolicyVersion version = consent("2026-12-21T03:00:00Z", "2027-01-01");

        assertThat(version.reminderDate(WEEK)).isEqualTo(LocalDate.parse("2026-12-26"));
    }

    @Test
    void reminder_ofAVersionEffectiveTomorrow_goesTheDayItIsPublished() {
        PolicyVersion version = consent("2026-12-31T03:00:00Z", "2027-01-01");

        assertThat(version.reminderDate(WEEK)).isEqualTo(LocalDate.parse("2026-12-31"));
    }

    @Test
    void reminderDay_countsFromThePublicationDayInVietnam() {
        // 20:00 UTC on the 20th is already the 21st in Vietnam.
        PolicyVersion version = consent("2026-12-20T20:00:00Z", "2027-01-01");

        assertThat(version.reminderDate(WEEK)).isEqualTo(LocalDate.parse("2026-12-26"));
    }

    private static PolicyVersion consent(String publishedAt, String effectiveDate) {
        return new PolicyVersion("2027-01", PolicyKind.CONSENT, LocalDate.parse(effectiveDate),
                "https://eco-coach.example/chinh-sach/2027-01", "Tóm tắt", "Summary", Instant.parse(publishedAt),
                "arn:aws:iam::123456789012:role/staff");
    }
}
