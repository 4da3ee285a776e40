package coach.eco.learners.profile;

import coach.eco.learners.refusal.FieldValidation;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * A learner's full name as they write it: Vietnamese diacritics kept, stored in Unicode NFC so that
 * the same name typed on different keyboards (precomposed or combining marks) is the same text.
 */
public record FullName(String value) {
    public static final int MAX_LENGTH = 100;
    private static final String NAME_PUNCTUATION = "'’-.,";
    private static final Pattern ASCII_SPACES_AROUND = Pattern.compile("^ +| +$");
    private static final Pattern ASCII_SPACE_RUNS = Pattern.compile(" {2,}");

    public FullName {
        value = Normalizer.normalize(value, Normalizer.Form.NFC);
    }

    public static FullName parse(String raw) {
        FieldValidation.refuseInvisibleCharacters(raw, "must not contain control or invisible characters");
        // Counted as sent, as the document's maxLength counts: not after NFC, which shortens or lengthens some names.
        if (raw.codePointCount(0, raw.length()) > MAX_LENGTH) {
            throw new FieldValidation("must be at most " + MAX_LENGTH + " characters");
        }
        // Only ASCII spaces are spaces in a name: a no-break or ideographic space is refused below, as the
        // document's pattern refuses it, not silently turned into another character.
        String trimmed = ASCII_SPACES_AROUND.matcher(Normalizer.normalize(raw, Normalizer.Form.NFC)).replaceAll("");
        String collapsed = ASCII_SPACE_RUNS.matcher(trimmed).replaceAll(" ");
        if (collapsed.isEmpty()) {
            throw new FieldValidation("must not be blank");
        }
        if (collapsed.codePoints().noneMatch(Character::isLetter)) {
            throw new FieldValidation("must contain letters");
        }
        // A name goes into mail the centre sends: no digits, links or markup, only what names use.
        if (!collapsed.codePoints().allMatch(FullName::belongsInAName)) {
            throw new FieldValidation("may contain only letters, spaces and the punctuation ' ’ - . ,");
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
