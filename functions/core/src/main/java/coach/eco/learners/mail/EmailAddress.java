package coach.eco.learners.mail;

import coach.eco.learners.refusal.FieldValidation;
import coach.eco.learners.refusal.Refused;
import org.apache.commons.validator.routines.EmailValidator;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address as the learner typed it (NFC) and its normalised form, which decides whether two addresses
 * are the same learner.
 */
public record EmailAddress(String value) {
    /** RFC 5321 limits a forward path to 254 characters. */
    public static final int MAX_LENGTH = 254;
    /** No local or bare top-level domains ("lan@vn"): learners' addresses are on the public internet. */
    private static final EmailValidator VALIDATOR = EmailValidator.getInstance(false, false);
    /** Any Unicode space at either end, the no-break and ideographic ones included. */
    private static final Pattern SPACE_AROUND = Pattern.compile("(?U)^\\s|\\s$");

    public static EmailAddress parse(String raw) {
        FieldValidation.refuseInvisibleCharacters(raw, "must not contain control or invisible characters");
        String address = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (address.isBlank()) {
            throw new FieldValidation("must not be blank");
        }
        // The website's email input sends the address trimmed (HTML's value sanitisation); the document's
        // format is the address alone, so a space around it is refused rather than guessed away.
        if (SPACE_AROUND.matcher(address).find()) {
            throw new FieldValidation("must not begin or end with spaces");
        }
        if (raw.codePointCount(0, raw.length()) > MAX_LENGTH) {
            throw new FieldValidation("must be at most " + MAX_LENGTH + " characters");
        }
        if (!VALIDATOR.isValid(address)) {
            throw new FieldValidation("must be a valid email address");
        }
        int at = address.lastIndexOf('@');
        // A domain literal (a@[10.0.0.1]) names a machine, not a mailbox on the public internet.
        if (address.charAt(at + 1) == '[') {
            throw new FieldValidation("must be an address at a domain name, not an IP address");
        }
        // SES delivers to ASCII local parts only (no SMTPUTF8); refused here, not after it is stored.
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(address.substring(0, at))) {
            throw new FieldValidation("must use only ASCII letters, digits and punctuation before the @");
        }
        return new EmailAddress(address);
    }

    /** Parses one field of a request: a refusal is that field's 422. */
    public static EmailAddress parseField(String field, String raw) {
        try {
            return parse(raw);
        } catch (FieldValidation e) {
            throw Refused.invalidField(field, e.getMessage());
        }
    }

    /** The address as mail servers take it: an internationalised domain in its ASCII (punycode) form. */
    public String deliverable() {
        int at = value.lastIndexOf('@');
        return value.substring(0, at + 1) + IDN.toASCII(value.substring(at + 1), IDN.ALLOW_UNASSIGNED);
    }

    /**
     * Case-folded, with the domain in its ASCII form: Lan@Example.com and lan@example.com are one learner, and so
     * are lan@học.vn and lan@xn--hc-68s.vn, the same mailbox.
     */
    public String normalized() {
        return deliverable().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "EmailAddress[redacted]";
    }
}
