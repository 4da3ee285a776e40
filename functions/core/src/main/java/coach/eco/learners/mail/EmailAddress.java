package coach.eco.learners.mail;

import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldValidation;
import coach.eco.learners.refusal.Refused;
import org.apache.commons.validator.routines.EmailValidator;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An email address as the learner typed it (trimmed, NFC) and its normalised form, which decides
 * whether two addresses are the same learner.
 */
public record EmailAddress(String value) {
    /** RFC 5321 limits a forward path to 254 characters. */
    public static final int MAX_LENGTH = 254;
    /** No local or bare top-level domains ("lan@vn"): learners' addresses are on the public internet. */
    private static final EmailValidator VALIDATOR = EmailValidator.getInstance(false, false);

    public static EmailAddress parse(String raw) {
        FieldValidation.refuseInvisibleCharacters(raw);
        String trimmed = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
        if (trimmed.isEmpty()) {
            throw new FieldValidation(FieldCode.BLANK);
        }
        if (trimmed.length() > MAX_LENGTH) {
            throw new FieldValidation(FieldCode.TOO_LONG, null, Map.of("max", MAX_LENGTH));
        }
        if (!VALIDATOR.isValid(trimmed)) {
            throw new FieldValidation(FieldCode.INVALID_EMAIL);
        }
        // SES delivers to ASCII local parts only (no SMTPUTF8); refused here, not after it is stored.
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(trimmed.substring(0, trimmed.lastIndexOf('@')))) {
            throw new FieldValidation(FieldCode.INVALID_CHARACTERS, "email");
        }
        return new EmailAddress(trimmed);
    }

    /** Parses one field of a request: a refusal is that field's 422. */
    public static EmailAddress parseField(String field, String raw) {
        try {
            return parse(raw);
        } catch (FieldValidation e) {
            throw Refused.invalidFields(List.of(e.of(field)));
        }
    }

    /** The address as mail servers take it: an internationalised domain in its ASCII (punycode) form. */
    public String deliverable() {
        int at = value.lastIndexOf('@');
        return value.substring(0, at + 1) + IDN.toASCII(value.substring(at + 1), IDN.ALLOW_UNASSIGNED);
    }

    /** Case-folded, so Lan@Example.com and lan@example.com are one learner. */
    public String normalized() {
        return value.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "EmailAddress[redacted]";
    }
}
