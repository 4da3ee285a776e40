package coach.eco.learners.policy;

import java.util.Locale;

/** What a policy version asks of learners. */
public enum PolicyKind {
    /** Nothing new needs a yes: the email informs. */
    NOTICE,
    /** A new use of personal data that needs each learner's yes; silence is no yes. */
    CONSENT;

    /** As the API writes it: "notice", "consent". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PolicyKind ofWireName(String raw) {
        for (PolicyKind kind : values()) {
            if (kind.wireName().equals(raw)) {
                return kind;
            }
        }
        return null;
    }
}
