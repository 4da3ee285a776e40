package coach.eco.learners.profile;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * A learner's request in force. A deletion has an erasure due date, the end of its grace period:
 * until then the learner may cancel; from then on the purge erases the profile, unless it is held.
 */
public record DeletionRequest(DeletionKind kind, Instant requestedAt, @Nullable Instant erasureDueAt) {

    public boolean isCancellable(Instant now) {
        return erasureDueAt == null || now.isBefore(erasureDueAt);
    }
}
