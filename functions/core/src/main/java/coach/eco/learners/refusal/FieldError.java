package coach.eco.learners.refusal;

import java.util.Map;

/**
 * One refused field of a request: its name (a dotted path for a nested one), its code and the key
 * of the message that says why ({@code field.<code>} or {@code field.<code>.<variant>}), with the
 * message's arguments; never the value that was sent.
 */
public record FieldError(String field, FieldCode code, String variant, Map<String, Object> arguments) {

    public FieldError {
        arguments = Map.copyOf(arguments);
    }

    public FieldError(String field, FieldCode code) {
        this(field, code, null, Map.of());
    }

    public FieldError(String field, FieldCode code, String variant) {
        this(field, code, variant, Map.of());
    }

    /** The key of the message in the bundles. */
    public String messageKey() {
        return "field." + code.wireName() + (variant == null ? "" : "." + variant);
    }
}
