package coach.eco.learners.refusal;

/** Thrown by a value type that refuses its input; the message is a fixed text, never the input. */
public class FieldValidation extends RuntimeException {
    public FieldValidation(String message) {
        super(message, null, false, false);
    }

    /** Letters, marks, digits, punctuation and spaces only: no control, format, private-use or unassigned code points. */
    public static void refuseInvisibleCharacters(String value, String message) {
        if (value.codePoints().anyMatch(FieldValidation::isInvisible)) {
            throw new FieldValidation(message);
        }
    }

    private static boolean isInvisible(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
                || type == Character.SURROGATE || type == Character.UNASSIGNED
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
