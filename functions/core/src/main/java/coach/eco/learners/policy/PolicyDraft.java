package coach.eco.learners.policy;

import coach.eco.learners.refusal.Characters;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.time.Rfc3339;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** What staff send to publish a policy version. */
@Serdeable
public record PolicyDraft(
        @NotNull(message = "is required")
        @Pattern(regexp = "[0-9A-Za-z][0-9A-Za-z.-]{0,39}", message = "must be 1 to 40 letters, digits, dots or hyphens")
        String versionId,
        @NotNull(message = "is required") String kind,
        @NotNull(message = "is required") String effectiveDate,
        @NotNull(message = "is required") @Characters(max = 500, message = "must be at most 500 characters") String policyUrl,
        @NotNull(message = "is required") @Characters(min = 1, max = 2000, message = "must be 1 to 2000 characters")
        String summaryVi,
        @NotNull(message = "is required") @Characters(min = 1, max = 2000, message = "must be 1 to 2000 characters")
        String summaryEn) {

    /**
     * A plain https URL as learners' mail links to it: a DNS host name (letters, digits and hyphens; no IP address,
     * no underscore, no user part), then RFC 3986's path, query and fragment in ASCII (non-ASCII percent-encoded).
     * docs/openapi.yaml gives policyUrl this same pattern.
     */
    static final java.util.regex.Pattern HTTPS_URL = java.util.regex.Pattern.compile("https://"
            + "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(?::[0-9]{1,5})?"
            + "(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*)?"
            + "(?:\\?(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?"
            + "(?:#(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?");

    /**
     * The version as published now by {@code staff}; refuses a past or malformed effective date, an unknown kind or
     * a link that is not a plain https URL.
     */
    PolicyVersion publishedBy(String staff, java.time.Instant now, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        PolicyKind parsedKind = PolicyKind.ofWireName(kind);
        if (parsedKind == null) {
            errors.add(new FieldError("kind", "must be notice or consent"));
        }
        LocalDate effective = null;
        try {
            effective = Rfc3339.date(effectiveDate);
            if (effective.isBefore(today)) {
                errors.add(new FieldError("effectiveDate", "must be today or later"));
            }
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("effectiveDate", "must be a date, YYYY-MM-DD"));
        }
        if (!HTTPS_URL.matcher(policyUrl).matches()) {
            errors.add(new FieldError("policyUrl", "must be an https URL on a host name, in ASCII"));
        }
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
        return new PolicyVersion(versionId, parsedKind, effective, policyUrl, summaryVi.strip(), summaryEn.strip(),
                now, staff);
    }
}
