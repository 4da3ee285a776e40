package coach.eco.learners.mail;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Dates in learner emails: Vietnam time, written the Vietnamese way and the English way. */
public final class MailDates {
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter VI_DATE = DateTimeFormatter.ofPattern("HH:mm 'ngày' dd/MM/yyyy");
    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH);

    private MailDates() {
    }

    /** The template values {@code erasureDateVi} and {@code erasureDateEn}. */
    public static Map<String, Object> erasureDate(Instant instant) {
        var local = instant.atZone(VIETNAM);
        return Map.of("erasureDateVi", VI_DATE.format(local), "erasureDateEn", EN_DATE.format(local));
    }
}
