package coach.eco.learners.policy;

import coach.eco.learners.refusal.Characters;
import coach.eco.learners.refusal.FieldChecks;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.time.Rfc3339;
import coach.eco.learners.time.VietnamTime;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What staff send to publish a policy version. */
@Serdeable
public record PolicyDraft(
        @NotNull
        @Pattern(regexp = "[0-9A-Za-z][0-9A-Za-z.-]{0,39}", message = "invalid-format.version-id")
        String versionId,
        @NotNull String kind,
        @NotNull String effectiveDate,
        @NotNull @Characters(max = 500) String policyUrl,
        @NotNull @Characters(min = 1, max = 2000)
        String summaryVi,
        @NotNull @Characters(min = 1, max = 2000)
        String summaryEn) implements FieldChecks {

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

    /** The kind, the effective date's format and the link, checked as the body binds. */
    @Override
    public List<FieldError> fieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        if (kind != null && PolicyKind.ofWireName(kind) == null) {
            errors.add(new FieldError("kind", FieldCode.INVALID_CHOICE, null, Map.of("choices", "notice, consent")));
        }
        if (effectiveDate != null) {
            try {
                Rfc3339.date(effectiveDate);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("effectiveDate", FieldCode.INVALID_FORMAT, "date"));
            }
        }
        if (policyUrl != null && !HTTPS_URL.matcher(policyUrl).matches()) {
            errors.add(new FieldError("policyUrl", FieldCode.INVALID_FORMAT, "https-url"));
        }
        return errors;
    }

    /** Besides {@link #fieldErrors()}, an effective date already past in Vietnam on {@code now}. */
    @Override
    public List<FieldError> fieldErrorsAt(Instant now) {
        List<FieldError> errors = fieldErrors();
        if (effectiveDate != null && errors.stream().noneMatch(error -> error.field().equals("effectiveDate"))
                && Rfc3339.date(effectiveDate).isBefore(VietnamTime.dateOf(now))) {
            errors.add(new FieldError("effectiveDate", FieldCode.OUT_OF_RANGE, "today-or-later"));
        }
        return errors;
    }

    /** The version as published at {@code now} by {@code staff}; refuses what {@link #fieldErrorsAt} refuses. */
    PolicyVersion publishedBy(String staff, Instant now) {
        List<FieldError> errors = fieldErrorsAt(now);
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
        return new PolicyVersion(versionId, PolicyKind.ofWireName(kind), Rfc3339.date(effectiveDate), policyUrl,
                summaryVi.strip(), summaryEn.strip(), now, staff);
    }
}
