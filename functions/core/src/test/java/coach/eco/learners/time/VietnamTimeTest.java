package coach.eco.learners.time;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Days, months and dates as learners in Vietnam read them, and a link's validity as a mail tells it. */
class VietnamTimeTest {

    @Test
    void aLinkMintedAMomentBeforeItsMail_isValidForItsWholeLife() {
        assertThat(VietnamTime.validFor(Duration.ofHours(24).minusMillis(3), ChronoUnit.HOURS)).isEqualTo(24);
        assertThat(VietnamTime.validFor(Duration.ofMinutes(15), ChronoUnit.MINUTES)).isEqualTo(15);
        assertThat(VietnamTime.validFor(Duration.ofDays(7).minusMinutes(2), ChronoUnit.DAYS)).isEqualTo(7);
    }

    @Test
    void aPartUnit_countsAsAWholeOne_andEveryLinkAsValidForOneAtLeast() {
        assertThat(VietnamTime.validFor(Duration.ofMinutes(90), ChronoUnit.HOURS)).isEqualTo(2);
        assertThat(VietnamTime.validFor(Duration.ofSeconds(10), ChronoUnit.MINUTES)).isEqualTo(1);
        assertThat(VietnamTime.validFor(Duration.ZERO, ChronoUnit.DAYS)).isEqualTo(1);
    }

    @Test
    void anInstant_isWrittenToTheMinuteInVietnam_theVietnameseWayAndTheEnglishWay() {
        // 17:30 UTC on 30 November is half past midnight on 1 December in Vietnam.
        assertThat(VietnamTime.dateAndTime("erasureDate", Instant.parse("2026-11-30T17:30:00Z"))).isEqualTo(Map.of(
                "erasureDateVi", "00:30 ngày 01/12/2026", "erasureDateEn", "1 December 2026, 00:30"));
    }

    @Test
    void aDate_isWrittenTheVietnameseWayAndTheEnglishWay() {
        assertThat(VietnamTime.date("effectiveDate", LocalDate.parse("2027-01-01"))).isEqualTo(Map.of(
                "effectiveDateVi", "01/01/2027", "effectiveDateEn", "1 January 2027"));
    }

    @Test
    void days_areDaysInVietnam() {
        assertThat(VietnamTime.dateOf(Instant.parse("2026-12-20T20:00:00Z"))).isEqualTo(LocalDate.parse("2026-12-21"));
        assertThat(VietnamTime.today(Clock.fixed(Instant.parse("2026-12-31T17:00:00Z"), ZoneOffset.UTC)))
                .isEqualTo(LocalDate.parse("2027-01-01"));
    }

    @Test
    void months_areCalendarMonthsInVietnam() {
        // 31 January, 03:00 in Vietnam: a month later is 29 February there, the 28th in UTC.
        assertThat(VietnamTime.after(Instant.parse("2024-01-30T20:00:00Z"), Period.ofMonths(1)))
                .isEqualTo(Instant.parse("2024-02-28T20:00:00Z"));
    }
}
