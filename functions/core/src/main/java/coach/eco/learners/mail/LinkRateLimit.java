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
 * The mail limits of the routes that mail an address someone typed (signup, sign-in and deletion
 * links, email changes), per clock hour. Per address (by its lookup key) and purpose, every request
 * counts, known email or not, so nobody can flood a learner's inbox through a form. Then each kind
 * of mail has a shared budget of its own, so that the service never mails so much that SES
 * throttles or pauses the account, and it counts only mail about to be sent: requests for unknown
 * addresses, or over their address's limit, spend nothing, and a flood of one kind (signups with
 * made-up addresses, say) stops no other kind.
 */
@Singleton
public class LinkRateLimit {
    private static final Logger LOG = LoggerFactory.getLogger(LinkRateLimit.class);

    /** A shared budget: its counter's name (not a lookup key, which is a hash) and its hourly size. */
    public enum Budget {
        /** Mail to an address nobody has proven yet: signups and email changes. */
        SIGNUP("signup-mail"),
        SIGN_IN("sign-in-mail"),
        DELETION("deletion-mail");

        private final String counter;

        Budget(String counter) {
            this.counter = counter;
        }

        /** The name of its hourly counter. */
        public String counter() {
            return counter;
        }

        static Budget of(TokenPurpose purpose) {
            return switch (purpose) {
                case VERIFY_EMAIL, CHANGE_EMAIL -> SIGNUP;
                case SIGN_IN -> SIGN_IN;
                case CONFIRM_DELETION -> DELETION;
                default -> throw new IllegalArgumentException("no typed address is mailed for " + purpose);
            };
        }
    }

    private final HourlyCounter counter;
    private final Metrics metrics;
    private final int perAddressPerHour;
    private final LearnerConfiguration config;

    public LinkRateLimit(HourlyCounter counter, Metrics metrics, LearnerConfiguration config) {
        this.counter = counter;
        this.metrics = metrics;
        this.perAddressPerHour = config.getEmailLinksPerHour();
        this.config = config;
    }

    /** Counts one request for the address; true while this hour's count for it is within its limit. */
    public boolean withinAddressLimit(TokenPurpose purpose, String emailLookupKey, Instant now) {
        return counter.increment(purpose.keyPrefix() + emailLookupKey, now) <= perAddressPerHour;
    }

    /**
     * Counts one mail about to be sent for {@code purpose} against its kind's shared budget; true
     * while this hour's count is within it. Past it the caller sends nothing.
     */
    public boolean spend(TokenPurpose purpose, Instant now) {
        Budget budget = Budget.of(purpose);
        if (counter.increment(budget.counter, now) <= size(budget)) {
            return true;
        }
        LOG.warn("hourly mail budget spent; nothing sent budget={}", budget.counter);
        metrics.count(Metric.MAIL_BUDGET_SPENT);
        return false;
    }

    private int size(Budget budget) {
        return switch (budget) {
            case SIGNUP -> config.getSignupEmailsPerHour();
            case SIGN_IN -> config.getSignInEmailsPerHour();
            case DELETION -> config.getDeletionEmailsPerHour();
        };
    }
}
