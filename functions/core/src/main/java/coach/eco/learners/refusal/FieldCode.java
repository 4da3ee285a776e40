package coach.eco.learners.refusal;

import java.util.Locale;

/**
 * Why a field is refused, as a stable code a website maps by (docs/api.md lists them; a test checks
 * both agree). The text shown beside the field is in the message bundles, under {@code field.<code>}
 * or a variant of it that words the message for one kind of field.
 */
public enum FieldCode {
    /** The field is missing. */
    REQUIRED,
    /** The value does not have the field's JSON type; null is no field's type. */
    WRONG_TYPE,
    /** The body has fields the request does not take. */
    UNKNOWN_FIELD,
    /** Empty, or spaces only. */
    BLANK,
    TOO_SHORT,
    TOO_LONG,
    /** A number or date outside what the field takes. */
    OUT_OF_RANGE,
    /** Characters the field does not take: control or invisible ones, or outside its alphabet. */
    INVALID_CHARACTERS,
    /** A name without letters. */
    INVALID_NAME,
    INVALID_EMAIL,
    INVALID_PHONE,
    /** Not in the field's format: a date, an instant, a URL, an id. */
    INVALID_FORMAT,
    /** Not one of the values the field takes. */
    INVALID_CHOICE,
    /** Names a consent purpose the centre does not ask for (GET /v1/consent-purposes lists those it does). */
    UNKNOWN_PURPOSE,
    /** Valid alone, but not with the other fields of the request. */
    INCONSISTENT;

    /** As the API writes it: "wrong-type". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
