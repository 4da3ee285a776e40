package coach.eco.learners.mail;

import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.profile.EmailAddress;
import coach.eco.learners.profile.EmailLookup;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Who gets a link for a public request made with an email (sign-in, deletion): the learner who
 * confirmed that address, within the hourly limit. Every request is counted and looked up, known
 * email or not, so that both cost the same.
 */
@Singleton
public class LinkRecipients {
    private final EmailLookupKeys emailKeys;
    private final LinkRateLimit rateLimit;
    private final ProfileStore profiles;
    private final Clock clock;

    public LinkRecipients(EmailLookupKeys emailKeys, LinkRateLimit rateLimit, ProfileStore profiles, Clock clock) {
        this.emailKeys = emailKeys;
        this.rateLimit = rateLimit;
        this.profiles = profiles;
        this.clock = clock;
    }

    /** The profile id to send a link to, or empty: unknown, unconfirmed, or over the limit. */
    public Optional<String> confirmedLearner(TokenPurpose purpose, EmailAddress email) {
        Instant now = clock.instant();
        String emailKey = emailKeys.lookupKeyOf(email);
        boolean allowed = rateLimit.allow(purpose, emailKey, now);
        var owner = profiles.findConfirmedOwner(emailKey, now);
        return allowed ? owner.map(EmailLookup::profileId) : Optional.empty();
    }
}
