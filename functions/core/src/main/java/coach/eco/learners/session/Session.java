package coach.eco.learners.session;

import java.time.Duration;
import java.time.Instant;

/** A signed-in learner's session: it ends when unused for the idle timeout, and at its absolute expiry. */
public record Session(String profileId, Instant signedInAt, Instant lastSeenAt, Instant absoluteExpiresAt) {

    public boolean isLive(Instant now, Duration idleTimeout) {
        return now.isBefore(lastSeenAt.plus(idleTimeout)) && now.isBefore(absoluteExpiresAt);
    }
}
