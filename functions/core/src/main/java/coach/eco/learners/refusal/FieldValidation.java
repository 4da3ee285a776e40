package coach.eco.learners.refusal;

import java.util.Map;

/** Thrown by a value type that refuses its input: a code and the key of its message, never the input. */
public class FieldValidation extends RuntimeException {
    private final FieldCode code;
    private final String variant;
    private final transient Map<String, Object> arguments;

    public FieldValidation(FieldCode code) {
        this(code, null, Map.of());
    }

    public FieldValidation(FieldCode code, String variant) {
        this(code, variant, Map.of());
    }

    public FieldValidation(FieldCode code, String variant, Map<String, Object> arguments) {
        super(code.wireName(), null, false, false);
        this.code = code;
        this.variant = variant;
        this.arguments = Map.copyOf(arguments);
    }

    /** This refusal as the error of {@code field}. */
    public FieldError of(String field) {
        return new FieldError(field, code, variant, arguments);
    }

    /** Letters, marks, digits, punctuation and spaces only: no control, format, private-use or unassigned code points. */
    public static void refuseInvisibleCharacters(String value) {
        if (value.codePoints().anyMatch(FieldValidation::isInvisible)) {
            throw new FieldValidation(FieldCode.INVALID_CHARACTERS);
        }
    }

    private static boolean isInvisible(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
                || type == Character.SURROGATE || type == Character.UNASSIGNED
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
