package coach.eco.learners.profile;

import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refused;

import java.util.List;
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

    /** The error of a value that is no kind: the kinds are the API's own words, named in the message. */
    public static FieldError errorOf(String field) {
        return new FieldError(field, FieldCode.INVALID_CHOICE, null, Map.of("choices", "delete, deactivate"));
    }

    /** Whether {@code raw} names a kind. */
    public static boolean isKind(String raw) {
        for (DeletionKind kind : values()) {
            if (kind.wireName().equals(raw)) {
                return true;
            }
        }
        return false;
    }

    public static DeletionKind parseField(String field, String raw) {
        for (DeletionKind kind : values()) {
            if (kind.wireName().equals(raw)) {
                return kind;
            }
        }
        throw Refused.invalidFields(List.of(errorOf(field)));
    }
}
