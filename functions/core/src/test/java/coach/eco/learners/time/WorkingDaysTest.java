package coach.eco.learners.time;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkingDaysTest {
    private static final WorkingDays VIETNAM = WorkingDays.vietnam();

    @Test
    void weekends_andTheAnnouncedDaysOff_areNotWorkingDays_butAMakeUpSaturdayIs() {
        assertThat(VIETNAM.isWorkingDay(LocalDate.parse("2026-04-24"))).as("a Friday").isTrue();
        assertThat(VIETNAM.isWorkingDay(LocalDate.parse("2026-04-25"))).as("a Saturday").isFalse();
        assertThat(VIETNAM.isWorkingDay(LocalDate.parse("2026-04-27"))).as("Hùng Kings' day in lieu").isFalse();
        assertThat(VIETNAM.isWorkingDay(LocalDate.parse("2026-02-17"))).as("mùng 1 Tết").isFalse();
        assertThat(VIETNAM.isWorkingDay(LocalDate.parse("2026-08-22"))).as("the Saturday worked for 31 August").isTrue();
        assertThat(VIETNAM.isWorkingDay(LocalDate.parse("2026-08-31"))).as("the Monday exchanged").isFalse();
    }

    @Test
    void twoWorkingDaysAfterAFriday_skipTheWeekendAndAHoliday() {
        // Friday 24 April 2026: the weekend, then Hùng Kings' day in lieu on Monday 27.
        assertThat(VIETNAM.after(LocalDate.parse("2026-04-24"), 2)).isEqualTo("2026-04-29");
        // The end of that day in Vietnam, whatever the hour of receipt.
        assertThat(VIETNAM.endOfWorkingDayAfter(Instant.parse("2026-04-24T15:30:00Z"), 2))
                .isEqualTo(Instant.parse("2026-04-29T17:00:00Z"));
    }

    @Test
    void workingDaysLeft_countToTheDueDay_andBelowZeroOncePast() {
        Instant friday = Instant.parse("2026-04-24T03:00:00Z");
        assertThat(VIETNAM.workingDaysLeft(friday, Instant.parse("2026-04-29T17:00:00Z"))).isEqualTo(2);
        assertThat(VIETNAM.workingDaysLeft(friday, Instant.parse("2026-04-24T17:00:00Z"))).isZero();
        assertThat(VIETNAM.workingDaysLeft(Instant.parse("2026-04-30T03:00:00Z"), Instant.parse("2026-04-28T17:00:00Z")))
                .as("due Tuesday, read on the holiday Thursday: Tuesday counted as missed, Wednesday too").isEqualTo(-2);
    }

    @Test
    void theCalendarFile_listsEachYearItHolds_andMarksWhichAreAnnounced() {
        assertThat(VIETNAM.listedYears()).contains(2026, 2027);
        assertThat(VIETNAM.announcedUntil()).isEqualTo("2026-12-31");
    }

    @Test
    void aMalformedLine_isRefused_namingItsNumber() {
        assertThatThrownBy(() -> WorkingDays.parse(List.of("year 2026 announced x", "2026-04-27 holiday x")))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> WorkingDays.parse(List.of("year 2026 announced x", "2026-04-28 work x")))
                .as("a Tuesday cannot be made a working day").hasMessageContaining("line 2");
        assertThatThrownBy(() -> WorkingDays.parse(List.of("2026-04-27 off x"))).hasMessageContaining("line 1");
    }
}
