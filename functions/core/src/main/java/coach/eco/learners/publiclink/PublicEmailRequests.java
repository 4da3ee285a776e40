package coach.eco.learners.publiclink;

import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.mail.LinkRateLimit;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A public request made with an email (signup, a sign-in link, the deletion form): counted against the
 * address's hourly mail limit by its lookup key, known email or not, and answered no sooner than the
 * response floor whatever happens, so that neither its cost nor its time tells the caller anything.
 * Only a mail about to be sent spends its kind's shared budget.
 */
@Singleton
public class PublicEmailRequests {
    /**
     * The request as counted: the email's lookup key, when, whether it is within the address's hourly
     * limit, and the budget its mail would spend.
     */
    public record Counted(String emailLookupKey, Instant at, boolean withinLimit, BooleanSupplier budget) {
        /** Spends one mail of the shared hourly budget; false, and nothing may be sent, once it is spent. */
        public boolean spendMail() {
            return budget.getAsBoolean();
        }
    }

    private final EmailLookupKeys emailKeys;
    private final LinkRateLimit rateLimit;
    private final ResponseFloor responseFloor;
    private final Clock clock;

    public PublicEmailRequests(EmailLookupKeys emailKeys, LinkRateLimit rateLimit, ResponseFloor responseFloor,
                               Clock clock) {
        this.emailKeys = emailKeys;
        this.rateLimit = rateLimit;
        this.responseFloor = responseFloor;
        this.clock = clock;
    }

    /**
     * Counts a mail the request also sends to a second address someone typed (a guardian's, for {@code purpose})
     * against that address's own hourly limit: its lookup key while within it, empty past it.
     */
    public Optional<String> withinLimitOf(TokenPurpose purpose, EmailAddress other, Instant now) {
        String otherKey = emailKeys.lookupKeyOf(other);
        return rateLimit.withinAddressLimit(purpose, otherKey, now) ? Optional.of(otherKey) : Optional.empty();
    }

    /** Counts the request for {@code purpose} and runs {@code work} with it, taking at least the response floor. */
    public void run(TokenPurpose purpose, EmailAddress email, Consumer<Counted> work) {
        responseFloor.run(() -> {
            Instant now = clock.instant();
            String emailKey = emailKeys.lookupKeyOf(email);
            work.accept(new Counted(emailKey, now, rateLimit.withinAddressLimit(purpose, emailKey, now),
                    () -> rateLimit.spend(purpose, now)));
        });
    }
}
