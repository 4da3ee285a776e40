package coach.eco.learners.profile;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * A profile read as due for erasure (from the table or the RetentionDue index), as it was when read:
 * its erasure happens only while the profile still has this version, rule and due date.
 */
public record DueErasure(String profileId, long version, RetentionRule rule, Instant dueAt,
                         @Nullable String emailLookupKey, boolean held) {

    /** Due at {@code now}, under any erasure rule. */
    public boolean isDue(Instant now) {
        return rule.queue().equals(RetentionRule.ERASE) && !dueAt.isAfter(now);
    }
}
