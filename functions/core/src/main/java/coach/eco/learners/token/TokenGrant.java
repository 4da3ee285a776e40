package coach.eco.learners.token;

import io.micronaut.core.annotation.Nullable;

/** What a live token grants: access to one profile, and, for some purposes, to one thing of it. */
public record TokenGrant(String profileId, @Nullable String boundTo) {
}
