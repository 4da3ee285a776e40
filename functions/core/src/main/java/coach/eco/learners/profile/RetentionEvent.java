package coach.eco.learners.profile;

import java.time.Instant;

/** The next thing retention does to a profile, and from when: what the RetentionDue index holds. */
public record RetentionEvent(RetentionRule rule, Instant at) {
}
