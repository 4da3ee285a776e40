package coach.eco.learners.mail;

import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.token.HourlyCounter;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;

import java.time.Instant;

/**
 * Counts requests for emailed links (sign-in, deletion) per email (by its lookup key), per purpose,
 * per clock hour. Every request is counted, known email or not, so both cost the same; nobody can
 * flood a learner's inbox through a form.
 */
@Singleton
public class LinkRateLimit {
    private final HourlyCounter counter;
    private final int perHour;

    public LinkRateLimit(HourlyCounter counter, LearnerConfiguration config) {
        this.counter = counter;
        this.perHour = config.getEmailLinksPerHour();
    }

    /** Counts one request; true while this hour's count is within the limit. */
    public boolean allow(TokenPurpose purpose, String emailLookupKey, Instant now) {
        return counter.increment(purpose.keyPrefix() + emailLookupKey, now) <= perHour;
    }
}
