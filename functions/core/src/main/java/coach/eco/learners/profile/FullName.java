package coach.eco.learners.profile;

import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldValidation;

import java.text.Normalizer;
import java.util.Map;

/**
 * A learner's full name as they write it: Vietnamese diacritics kept, stored in Unicode NFC so that
 * the same name typed on different keyboards (precomposed or combining marks) is the same text.
 */
public record FullName(String value) {
    public static final int MAX_LENGTH = 100;
    private static final String NAME_PUNCTUATION = "'’-.,";

    public FullName {
        value = Normalizer.normalize(value, Normalizer.Form.NFC);
    }

    public static FullName parse(String raw) {
        FieldValidation.refuseInvisibleCharacters(raw);
        String collapsed = Normalizer.normalize(raw, Normalizer.Form.NFC).strip().replaceAll("(?U)\\s+", " ");
        if (collapsed.isEmpty()) {
            throw new FieldValidation(FieldCode.BLANK);
        }
        if (collapsed.codePointCount(0, collapsed.length()) > MAX_LENGTH) {
            throw new FieldValidation(FieldCode.TOO_LONG, null, Map.of("max", MAX_LENGTH));
        }
        if (collapsed.codePoints().noneMatch(Character::isLetter)) {
            throw new FieldValidation(FieldCode.INVALID_NAME);
        }
        // A name goes into mail the centre sends: no digits, links or markup, only what names use.
        if (!collapsed.codePoints().allMatch(FullName::belongsInAName)) {
            throw new FieldValidation(FieldCode.INVALID_CHARACTERS, "name");
        }
        return new FullName(collapsed);
    }

    private static boolean belongsInAName(int codePoint) {
        return Character.isLetter(codePoint) || isMark(codePoint) || codePoint == ' ' || NAME_PUNCTUATION.indexOf(codePoint) >= 0;
    }

    private static boolean isMark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    @Override
    public String toString() {
        return "FullName[redacted]";
    }
}
