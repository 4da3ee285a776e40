package coach.eco.learners.profile;

import coach.eco.learners.refusal.Refused;

import java.util.Locale;
import java.util.Map;

/** What a learner asks for: stop using the profile (deactivate), or erase it (delete). */
public enum DeletionKind {
    /** Processing stops at once; the profile is kept and comes back when the learner cancels. */
    DEACTIVATE,
    /** Processing stops at once; the profile is erased when its grace period ends. */
    DELETE;

    /** As the API writes it: "delete", "deactivate". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The flags a deletion mail's template words itself by: {{#delete}} or {{#deactivate}}. */
    public Map<String, Object> mailFlags() {
        return Map.of("delete", this == DELETE, "deactivate", this == DEACTIVATE);
    }

    public static DeletionKind parseField(String field, String raw) {
        for (DeletionKind kind : values()) {
            if (kind.wireName().equals(raw)) {
                return kind;
            }
        }
        throw Refused.invalidField(field, "must be delete or deactivate");
    }
}
