package coach.eco.learners.policy;

import coach.eco.learners.refusal.FieldCode;
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
import java.util.Map;

/** What staff send to publish a policy version. */
@Serdeable
public record PolicyDraft(
        @NotNull
        @Pattern(regexp = "[0-9A-Za-z][0-9A-Za-z.-]{0,39}", message = "invalid-format.version-id")
        String versionId,
        @NotNull String kind,
        @NotNull String effectiveDate,
        @NotNull @Size(max = 500) String policyUrl,
        @NotNull @Size(min = 1, max = 2000)
        String summaryVi,
        @NotNull @Size(min = 1, max = 2000)
        String summaryEn) {

    /** The version as published now by {@code staff}; refuses a past effective date, an unknown kind or a non-https link. */
    PolicyVersion publishedBy(String staff, java.time.Instant now, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        PolicyKind parsedKind = PolicyKind.ofWireName(kind);
        if (parsedKind == null) {
            errors.add(new FieldError("kind", FieldCode.INVALID_CHOICE, null, Map.of("choices", "notice, consent")));
        }
        LocalDate effective = null;
        try {
            effective = LocalDate.parse(effectiveDate);
            if (effective.isBefore(today)) {
                errors.add(new FieldError("effectiveDate", FieldCode.OUT_OF_RANGE, "today-or-later"));
            }
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("effectiveDate", FieldCode.INVALID_FORMAT, "date"));
        }
        if (!isHttpsUrl(policyUrl)) {
            errors.add(new FieldError("policyUrl", FieldCode.INVALID_FORMAT, "https-url"));
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
