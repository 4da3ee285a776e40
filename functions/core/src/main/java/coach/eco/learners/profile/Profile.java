package coach.eco.learners.profile;

import coach.eco.learners.consent.MarketingConsent;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * A learner's profile as held in the profiles table. {@code version} counts writes, for optimistic
 * concurrency; {@code expiresAt} is set only while the profile waits for email verification.
 */
public record Profile(
        String profileId,
        FullName fullName,
        PhoneNumber phone,
        EmailAddress email,
        String emailLookupKey,
        ProfileStatus status,
        MarketingConsent marketingConsent,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant verifiedAt,
        @Nullable Instant expiresAt,
        long version) {

    public Profile verified(Instant now) {
        return new Profile(profileId, fullName, phone, email, emailLookupKey, ProfileStatus.ACTIVE,
                marketingConsent, createdAt, now, now, null, version + 1);
    }
}
