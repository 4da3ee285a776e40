package coach.eco.learners.session;

import coach.eco.learners.consent.PurposeAnswer;

import java.time.Duration;
import java.time.Instant;

/**
 * A signed-in session for one learner's profile: it ends when unused for the idle timeout, and at its absolute
 * expiry. {@code actor} is who holds it: the learner, or a guardian acting for a learner under 16.
 */
public record Session(String profileId, Instant signedInAt, Instant lastSeenAt, Instant absoluteExpiresAt,
                      PurposeAnswer.Actor actor) {

    public boolean isLive(Instant now, Duration idleTimeout) {
        return now.isBefore(lastSeenAt.plus(idleTimeout)) && now.isBefore(absoluteExpiresAt);
    }
}
