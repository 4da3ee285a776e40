package coach.eco.learners.profile;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static coach.eco.learners.aws.Items.instant;
import static coach.eco.learners.profile.ProfileAttributes.EMAIL_LOOKUP_KEY;
import static coach.eco.learners.profile.ProfileAttributes.LEGAL_HOLD_SINCE;
import static coach.eco.learners.profile.ProfileAttributes.PROFILE_ID;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_DUE_AT;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_RULE;
import static coach.eco.learners.profile.ProfileAttributes.VERSION;

/**
 * A profile as the RetentionDue index lists it: the plain attributes it projects, never decrypted,
 * read when asked for. A damaged item (a faulty import, say) throws when its erasure is read, and is
 * counted as failed, while its id still names it.
 */
public final class RetentionItem {
    private final Map<String, AttributeValue> attributes;

    RetentionItem(Map<String, AttributeValue> attributes) {
        this.attributes = attributes;
    }

    public String profileId() {
        return attributes.get(PROFILE_ID).s();
    }

    /** Under an active legal hold: neither warned nor erased. */
    public boolean held() {
        return attributes.containsKey(LEGAL_HOLD_SINCE);
    }

    /** The erasure the item stands for, every attribute read now; throws on a damaged item. */
    public DueErasure erasure() {
        return new DueErasure(profileId(), Long.parseLong(attributes.get(VERSION).n()),
                RetentionRule.ofWireName(attributes.get(RETENTION_RULE).s()), instant(attributes.get(RETENTION_DUE_AT)),
                attributes.containsKey(EMAIL_LOOKUP_KEY) ? attributes.get(EMAIL_LOOKUP_KEY).s() : null, held());
    }

    /** An erasure past its due date by more than {@code margin}; a damaged item counts as one (warnings never do). */
    public boolean isOverdue(Instant now, Duration margin) {
        try {
            boolean erasure = !RetentionRule.INACTIVITY_WARNING.wireName().equals(attributes.get(RETENTION_RULE).s());
            return erasure && instant(attributes.get(RETENTION_DUE_AT)).plus(margin).isBefore(now);
        } catch (RuntimeException damaged) {
            return true;
        }
    }
}
