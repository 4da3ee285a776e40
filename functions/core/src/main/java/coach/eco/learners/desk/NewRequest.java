package coach.eco.learners.desk;

import coach.eco.learners.refusal.Characters;
import coach.eco.learners.refusal.FieldChecks;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refused;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * A request as staff record it from a call, a letter, a visit or an email: the learner (their profile id,
 * found by the staff lookup), what is asked, how it came, whether a processor is involved, and how the
 * identity is checked: a link mailed to the registered address, or a document staff saw (described, never
 * copied). An unauthorised profile has its own route.
 */
@Serdeable
public record NewRequest(
        @NotBlank
        @Pattern(regexp = Forms.PROFILE_ID, message = "invalid-format.profile-id")
        String profileId,
        @NotBlank
        @Pattern(regexp = "access|correction|deletion|restriction|consent-withdrawal|objection",
                message = "invalid-choice")
        String kind,
        @NotBlank
        @Pattern(regexp = "phone|post|in-person|email", message = "invalid-choice")
        String channel,
        @NotBlank
        @Pattern(regexp = "email-link|document", message = "invalid-choice")
        String identityCheck,
        @Nullable
        @Characters(min = 1, max = 500)
        @Pattern(regexp = Forms.PLAIN_TEXT, message = "invalid-characters")
        String document,
        @Nullable Boolean processorInvolved,
        @Nullable
        @Characters(max = 2000)
        @Pattern(regexp = Forms.PLAIN_TEXT, message = "invalid-characters")
        String note) implements FieldChecks {

    /** The form read into the register's terms. */
    record Checked(String profileId, RequestKind kind, PrivacyRequest.Channel channel, PrivacyRequest.Identity identity,
                   @Nullable String documentCheck, boolean processorInvolved, @Nullable String note) {
    }

    /** A document goes with an identity checked by a document, and only with it. */
    @Override
    public List<FieldError> fieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        if ("document".equals(identityCheck) && document == null) {
            errors.add(new FieldError("document", FieldCode.INCONSISTENT, "document-required"));
        }
        if ("email-link".equals(identityCheck) && document != null) {
            errors.add(new FieldError("document", FieldCode.INCONSISTENT, "document-not-allowed"));
        }
        return errors;
    }

    Checked checked() {
        List<FieldError> errors = fieldErrors();
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
        PrivacyRequest.Identity identity = identityCheck.equals("document")
                ? PrivacyRequest.Identity.DOCUMENT : PrivacyRequest.Identity.EMAIL_LINK;
        return new Checked(profileId, RequestKind.ofWireName(kind),
                PrivacyRequest.Channel.valueOf(channel.replace('-', '_').toUpperCase()), identity, document,
                Boolean.TRUE.equals(processorInvolved), note);
    }
}
