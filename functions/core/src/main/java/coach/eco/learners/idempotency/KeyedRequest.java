package coach.eco.learners.idempotency;

import java.time.Duration;

/**
 * What a retry must match: the key's record name (a keyed hash of the route, the caller and the
 * client's key) and the request's fingerprint (a hash of what was sent); and how long its answer
 * is given again.
 */
public record KeyedRequest(String recordKey, String fingerprint, Duration replayedFor) {
}
