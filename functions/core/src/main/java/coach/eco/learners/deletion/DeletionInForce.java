package coach.eco.learners.deletion;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.profile.DeletionRequest;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileService;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.token.LookupItemsOfProfile;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Puts a learner's request to deactivate or delete in force: processing stops, every session ends
 * in the same transaction, a deletion gets its erasure due date, and the acknowledgement follows.
 * Made signed in, it is in force at once; from the public form, once its link confirms it.
 */
@Singleton
public class DeletionInForce {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionInForce.class);

    /** The request in force, and whether this call made it (false: it was already there). */
    public record Outcome(Profile profile, boolean created) {
    }

    private final ProfileStore profiles;
    private final ProfileService profileService;
    private final LookupItemsOfProfile lookupItems;
    private final AuditLog audit;
    private final LearnerConfiguration config;
    private final Clock clock;
    private final DeletionAcknowledgement acknowledgement;

    public DeletionInForce(ProfileStore profiles, ProfileService profileService, LookupItemsOfProfile lookupItems,
                           AuditLog audit, LearnerConfiguration config, Clock clock,
                           DeletionAcknowledgement acknowledgement) {
        this.profiles = profiles;
        this.profileService = profileService;
        this.lookupItems = lookupItems;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
        this.acknowledgement = acknowledgement;
    }

    /** A signed-in learner's request, in force at once; a request already in force is the answer. */
    public Outcome request(String profileId, DeletionKind kind) {
        return takeEffect(() -> profileService.read(profileId), kind,
                () -> Writes.of(audit.record(profileId, AuditEvent.DELETION_REQUESTED, Map.of("kind", kind.wireName()))));
    }

    /**
     * The request in force for the profile {@code load} reads, written with the writes {@code alongside}
     * gives each try; a request already in force is the answer.
     */
    Outcome takeEffect(Supplier<Profile> load, DeletionKind kind, Supplier<Writes> alongside) {
        // Two tries: a second request racing this one may win; then its request is the answer.
        for (int attempt = 0; attempt < 2; attempt++) {
            Profile current = load.get();
            if (current.deletionRequest() != null) {
                return new Outcome(current, false);
            }
            // Whole seconds, as the ErasureDue index keeps them: the cancel and the erasure then agree
            // to the instant on when the grace period ends.
            Instant at = clock.instant();
            Instant now = at.truncatedTo(ChronoUnit.SECONDS);
            DeletionRequest request = new DeletionRequest(kind, now, kind == DeletionKind.DELETE
                    ? now.plus(config.getDeletionGracePeriod()).truncatedTo(ChronoUnit.SECONDS) : null);
            Writes writes = alongside.get().add(audit.record(current.profileId(), AuditEvent.DELETION_CONFIRMED,
                    Map.of("kind", kind.wireName())));
            // Signed out everywhere, in the same transaction as the request (see LookupItemsOfProfile).
            lookupItems.endSessions(current.profileId(), writes);
            // The profile's own time keeps the clock's precision: two clicks in one second make two different
            // writes, and the read-back after a lost answer does not take the other's commit for its own.
            Profile next = current.withDeletionRequest(request, at);
            writes.add(acknowledgement.outboxEntry(next.profileId(), next));
            if (profiles.replace(current, next, writes)) {
                LOG.info("deletion request in force profileId={} kind={}", next.profileId(), kind.wireName());
                // Committed: the acknowledgement follows, now or from the outbox.
                acknowledgement.deliverNow(next.profileId(), next);
                return new Outcome(next, true);
            }
        }
        throw Refusal.PROFILE_CHANGED.refused();
    }
}
