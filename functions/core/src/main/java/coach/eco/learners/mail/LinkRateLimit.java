package coach.eco.learners.mail;

import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import coach.eco.learners.token.HourlyCounter;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * The mail budget of the routes that mail an address someone typed (signup, sign-in and deletion
 * links, email changes): per email (by its lookup key), per purpose, per clock hour, and then for
 * all addresses together. Every request is counted, known email or not, so both cost the same;
 * nobody can flood a learner's inbox through a form, nor make the service mail so much that SES
 * throttles or pauses the account and sign-in stops for everyone.
 */
@Singleton
public class LinkRateLimit {
    private static final Logger LOG = LoggerFactory.getLogger(LinkRateLimit.class);
    /** The counter of every address together; a lookup key is a hash, so no email can be named so. */
    static final String ALL_ADDRESSES = "all-addresses";

    private final HourlyCounter counter;
    private final Metrics metrics;
    private final int perAddressPerHour;
    private final int overallPerHour;

    public LinkRateLimit(HourlyCounter counter, Metrics metrics, LearnerConfiguration config) {
        this.counter = counter;
        this.metrics = metrics;
        this.perAddressPerHour = config.getEmailLinksPerHour();
        this.overallPerHour = config.getRequestedEmailsPerHour();
    }

    /**
     * Counts one request; true while this hour's count for the address is within its limit and, of
     * the requests within it, the count for all addresses within the overall budget.
     */
    public boolean allow(TokenPurpose purpose, String emailLookupKey, Instant now) {
        if (counter.increment(purpose.keyPrefix() + emailLookupKey, now) > perAddressPerHour) {
            return false;
        }
        if (counter.increment(ALL_ADDRESSES, now) > overallPerHour) {
            LOG.warn("overall hourly mail budget spent; nothing sent purpose={}", purpose);
            metrics.count(Metric.MAIL_BUDGET_SPENT);
            return false;
        }
        return true;
    }
}
