package coach.eco.learners.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * Time as the learners and the centre live it: days and calendar months in Vietnam, dates in a mail
 * written the Vietnamese way and the English way, and how long a link lasts in the words of a mail.
 */
public final class VietnamTime {
    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter VI_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter VI_DATE_TIME = DateTimeFormatter.ofPattern("HH:mm 'ngày' dd/MM/yyyy");
    private static final DateTimeFormatter EN_DATE_TIME =
            DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH);

    private VietnamTime() {
    }

    /** Today in Vietnam, by the clock's instant (whatever the clock's own zone). */
    public static LocalDate today(Clock clock) {
        return dateOf(clock.instant());
    }

    /** The day in Vietnam of an instant. */
    public static LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZONE);
    }

    /** The year in Vietnam at an instant: what a learner's age, known by the year of birth only, is reckoned in. */
    public static int yearOf(Instant instant) {
        return dateOf(instant).getYear();
    }

    /** The instant a period after {@code instant}, its months counted as calendar months in Vietnam. */
    public static Instant after(Instant instant, Period period) {
        return instant.atZone(ZONE).plus(period).toInstant();
    }

    /** A date for a mail's template: the values {@code <name>Vi} ("01/12/2026") and {@code <name>En} ("1 December 2026"). */
    public static Map<String, Object> date(String name, LocalDate date) {
        return Map.of(name + "Vi", VI_DATE.format(date), name + "En", EN_DATE.format(date));
    }

    /**
     * An instant for a mail's template, to the minute in Vietnam: the values {@code <name>Vi}
     * ("09:30 ngày 01/12/2026") and {@code <name>En} ("1 December 2026, 09:30").
     */
    public static Map<String, Object> dateAndTime(String name, Instant instant) {
        var local = instant.atZone(ZONE);
        return Map.of(name + "Vi", VI_DATE_TIME.format(local), name + "En", EN_DATE_TIME.format(local));
    }

    /**
     * How many whole units a link that lasts {@code left} is valid for, as a mail says it: rounded up,
     * so that the moments between minting a link and writing its mail do not take a unit off, and at
     * least one.
     */
    public static long validFor(Duration left, ChronoUnit unit) {
        Duration one = unit.getDuration();
        long whole = left.dividedBy(one);
        long units = left.compareTo(one.multipliedBy(whole)) > 0 ? whole + 1 : whole;
        return Math.max(1, units);
    }
}
