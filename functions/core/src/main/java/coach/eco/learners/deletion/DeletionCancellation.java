package coach.eco.learners.deletion;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.profile.DeletionRequest;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileService;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenGrant;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Cancels a deletion or deactivation request, signed in or by the link in its acknowledgement: a
 * deletion during its grace period, a deactivation any time. The profile is active again.
 */
@Singleton
public class DeletionCancellation {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionCancellation.class);

    private final ProfileStore profiles;
    private final ProfileService profileService;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Clock clock;

    public DeletionCancellation(ProfileStore profiles, ProfileService profileService, TokenStore tokens,
                                AuditLog audit, Clock clock) {
        this.profiles = profiles;
        this.profileService = profileService;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** A signed-in learner cancels. */
    public Profile cancel(String profileId) {
        return cancel(profileService.read(profileId), new Writes());
    }

    /** Cancels the request behind the link in its acknowledgement email. */
    public void cancelByLink(String rawToken) {
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        TokenGrant grant = tokens.find(TokenPurpose.CANCEL_DELETION, token).orElseThrow(Refusal.INVALID_LINK::refused);
        Profile current = profiles.find(grant.profileId())
                // A link from an earlier request, cancelled since, cancels no later one.
                .filter(profile -> profile.deletionRequest() != null
                        && profile.deletionRequest().requestedAt()
                                .equals(grant.boundTo(DeletionAcknowledgement.REQUEST_MADE_AT)))
                .orElseThrow(Refusal.INVALID_LINK::refused);
        cancel(current, Writes.of(tokens.consume(TokenPurpose.CANCEL_DELETION, token, current.profileId())));
    }

    private Profile cancel(Profile current, Writes writes) {
        DeletionRequest request = current.deletionRequest();
        Instant now = clock.instant();
        if (request == null) {
            throw Refusal.NO_DELETION_REQUEST.refused();
        }
        if (!request.isCancellable(now)) {
            throw Refusal.GRACE_PERIOD_OVER.refused();
        }
        writes.add(audit.record(current.profileId(), AuditEvent.DELETION_CANCELLED,
                Map.of("kind", request.kind().wireName())));
        Profile next = current.withDeletionRequest(null, now);
        if (!profiles.replace(current, next, writes)) {
            // Erased meanwhile (the erasure won), or changed: either way this cancel did nothing.
            throw (profiles.find(current.profileId()).isEmpty() ? Refusal.GRACE_PERIOD_OVER : Refusal.PROFILE_CHANGED)
                    .refused();
        }
        LOG.info("deletion request cancelled profileId={}", current.profileId());
        return next;
    }
}
