package coach.eco.learners.profile;

import coach.eco.learners.refusal.FieldValidation;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.regex.Pattern;

/** A phone number in E.164 form; numbers written without a country code are read as Vietnamese. */
public record PhoneNumber(String e164) {
    public static final String DEFAULT_REGION = "VN";
    private static final int MAX_INPUT_LENGTH = 32;
    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();
    /** Digits and the usual separators; letters are refused (the parser would read them as a keypad). */
    private static final Pattern ASCII_SPACES_AROUND = Pattern.compile("^ +| +$");
    private static final Pattern WRITTEN_NUMBER = Pattern.compile("\\+?[0-9 ().-]+");

    public static PhoneNumber parse(String raw) {
        FieldValidation.refuseInvisibleCharacters(raw, "must not contain control or invisible characters");
        // Only ASCII spaces are trimmed, as the document's pattern says: an ideographic space is refused.
        String trimmed = ASCII_SPACES_AROUND.matcher(raw).replaceAll("");
        if (trimmed.isEmpty()) {
            throw new FieldValidation("must not be blank");
        }
        if (raw.codePointCount(0, raw.length()) > MAX_INPUT_LENGTH) {
            throw new FieldValidation("must be at most " + MAX_INPUT_LENGTH + " characters");
        }
        if (!WRITTEN_NUMBER.matcher(trimmed).matches()) {
            throw new FieldValidation("must contain only digits, spaces, +, -, . and parentheses");
        }
        try {
            var number = PHONE_NUMBERS.parse(trimmed, DEFAULT_REGION);
            if (!PHONE_NUMBERS.isValidNumber(number)) {
                throw new FieldValidation("must be a valid phone number");
            }
            return new PhoneNumber(PHONE_NUMBERS.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            throw new FieldValidation("must be a valid phone number");
        }
    }

    @Override
    public String toString() {
        return "PhoneNumber[redacted]";
    }
}
