package coach.eco.learners.policy;

import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refused;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.net.URI;
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
        @NotNull(message = "is required") @Size(max = 500, message = "must be at most 500 characters") String policyUrl,
        @NotNull(message = "is required") @Size(min = 1, max = 2000, message = "must be 1 to 2000 characters")
        String summaryVi,
        @NotNull(message = "is required") @Size(min = 1, max = 2000, message = "must be 1 to 2000 characters")
        String summaryEn) {

    /** The version as published now by {@code staff}; refuses a past effective date, an unknown kind or a non-https link. */
    PolicyVersion publishedBy(String staff, java.time.Instant now, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        PolicyKind parsedKind = PolicyKind.ofWireName(kind);
        if (parsedKind == null) {
            errors.add(new FieldError("kind", "must be notice or consent"));
        }
        LocalDate effective = null;
        try {
            effective = LocalDate.parse(effectiveDate);
            if (effective.isBefore(today)) {
                errors.add(new FieldError("effectiveDate", "must be today or later"));
            }
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("effectiveDate", "must be a date, YYYY-MM-DD"));
        }
        if (!isHttpsUrl(policyUrl)) {
            errors.add(new FieldError("policyUrl", "must be an https URL"));
        }
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
        return new PolicyVersion(versionId, parsedKind, effective, policyUrl, summaryVi.strip(), summaryEn.strip(),
                now, staff);
    }

    private static boolean isHttpsUrl(String value) {
        try {
            URI uri = new URI(value);
            return "https".equals(uri.getScheme()) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
