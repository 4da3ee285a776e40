package coach.eco.learners.token;

import io.micronaut.core.annotation.Nullable;

/**
 * What a live token grants: access to one profile, and, for some purposes, to one thing of it, read
 * through the binding of its purpose.
 */
public final class TokenGrant {
    private final String profileId;
    @Nullable
    private final String boundTo;
    @Nullable
    private final String twinKey;

    public TokenGrant(String profileId, @Nullable String boundTo) {
        this(profileId, boundTo, null);
    }

    public TokenGrant(String profileId, @Nullable String boundTo, @Nullable String twinKey) {
        this.profileId = profileId;
        this.boundTo = boundTo;
        this.twinKey = twinKey;
    }

    /** The lookup key of the other token of the token's pair; null for a token minted alone. */
    @Nullable
    String twinKey() {
        return twinKey;
    }

    public String profileId() {
        return profileId;
    }

    /** The thing of the profile the token is bound to; null for a token bound to nothing. */
    @Nullable
    public <T> T boundTo(TokenBinding<T> binding) {
        return binding.read(boundTo);
    }
}
