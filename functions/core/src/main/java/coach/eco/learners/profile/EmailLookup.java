package coach.eco.learners.profile;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/** The lookup item of one email: which profile owns it, and whether that owner has confirmed it. */
public record EmailLookup(String profileId, ProfileStatus status, @Nullable Instant expiresAt) {

    /** A signup never confirmed in time no longer holds its email. */
    public boolean isLapsed(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
