package coach.eco.learners.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Dates and instants as RFC 3339 writes them, and the API document's {@code format: date} and {@code date-time}
 * with it: four digits of year, no sign. Java's own ISO parsers also read "+10000-01-01" and "-0001-01-01".
 */
public final class Rfc3339 {
    private static final DateTimeFormatter FULL_DATE = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4).appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2).appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("[0-9]{4}-.*", Pattern.DOTALL);

    private Rfc3339() {
    }

    /** A calendar date, YYYY-MM-DD, a day the month has. */
    public static LocalDate date(String text) {
        return LocalDate.parse(text, FULL_DATE);
    }

    /** An instant as {@link Instant#parse} reads it, written with a four-digit year. */
    public static Instant instant(String text) {
        if (!FOUR_DIGIT_YEAR.matcher(text).matches()) {
            throw new DateTimeParseException("the year is not four digits", "", 0);
        }
        return Instant.parse(text);
    }
}
