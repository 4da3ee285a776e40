package coach.eco.learners.time;

import com.ibm.icu.util.ChineseCalendar;
import com.ibm.icu.util.SimpleTimeZone;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lunar holidays of the working-day calendar fall on their lunar dates, by ICU's Chinese calendar
 * reckoned at Vietnam's meridian (UTC+7, as Vietnam's calendar is): no lunar arithmetic of our own.
 */
class LunarHolidaysTest {

    /** ICU's Chinese calendar with its astronomy at UTC+7: the Vietnamese lunar calendar. */
    private static final class VietnameseLunarCalendar extends ChineseCalendar {
        VietnameseLunarCalendar() {
            super(TimeZone.GMT_ZONE, ULocale.ROOT, new SimpleTimeZone(7 * 3_600_000, "UTC+7"));
        }

        /** Month (1-12, leap months apart) and day of the lunar date of a Gregorian date. */
        int[] lunarOf(LocalDate date) {
            setTime(Date.from(date.atStartOfDay(ZoneOffset.UTC).toInstant()));
            return new int[]{get(MONTH) + 1, get(DAY_OF_MONTH), get(IS_LEAP_MONTH)};
        }

        LocalDate gregorianOf(int year, int month, int day) {
            for (LocalDate date = LocalDate.of(year, 1, 1); date.getYear() == year; date = date.plusDays(1)) {
                int[] lunar = lunarOf(date);
                if (lunar[0] == month && lunar[1] == day && lunar[2] == 0) {
                    return date;
                }
            }
            throw new AssertionError("no such lunar date in " + year);
        }
    }

    private final VietnameseLunarCalendar lunar = new VietnameseLunarCalendar();

    @Test
    void tetAndHungKingsDay_ofEveryListedYear_fallOnTheirLunarDates_asTheCalendarFileHasThem() {
        WorkingDays calendar = WorkingDays.vietnam();
        for (int year : calendar.listedYears()) {
            LocalDate tet = lunar.gregorianOf(year, 1, 1);
            LocalDate hungKings = lunar.gregorianOf(year, 3, 10);
            // Each is a day off, or falls on a weekend whose day in lieu is the next working weekday.
            assertThat(offOrInLieu(calendar, tet)).as("Tết %s (%s)", year, tet).isTrue();
            assertThat(offOrInLieu(calendar, hungKings)).as("Hùng Kings' day %s (%s)", year, hungKings).isTrue();
            assertThat(calendar.isWorkingDay(tet.minusDays(1)) && calendar.isWorkingDay(tet.plusDays(1)))
                    .as("the days around Tết %s", year).isFalse();
        }
    }

    @Test
    void theLunarCalendar_knowsTheAnnouncedTetOf2026() {
        assertThat(lunar.gregorianOf(2026, 1, 1)).isEqualTo("2026-02-17");
        assertThat(lunar.gregorianOf(2026, 3, 10)).isEqualTo("2026-04-26");
    }

    /** Listed as a day off, or on a weekend with a day off listed in the working week after it. */
    private static boolean offOrInLieu(WorkingDays calendar, LocalDate holiday) {
        if (calendar.daysOffIn(holiday.getYear()).contains(holiday)) {
            return true;
        }
        LocalDate monday = holiday.plusDays(8 - holiday.getDayOfWeek().getValue());
        return holiday.getDayOfWeek().getValue() >= 6 && calendar.daysOffIn(holiday.getYear()).stream()
                .anyMatch(day -> !day.isBefore(monday) && day.isBefore(monday.plusDays(5)));
    }
}
