package coach.eco.learners.desk;

import coach.eco.learners.refusal.Characters;
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
        @NotBlank(message = "is required")
        @Pattern(regexp = Forms.PROFILE_ID, message = "must be a profile id (UUID)")
        String profileId,
        @NotBlank(message = "is required")
        @Pattern(regexp = "access|correction|deletion|restriction|consent-withdrawal|objection",
                message = "must be access, correction, deletion, restriction, consent-withdrawal or objection")
        String kind,
        @NotBlank(message = "is required")
        @Pattern(regexp = "phone|post|in-person|email", message = "must be phone, post, in-person or email")
        String channel,
        @NotBlank(message = "is required")
        @Pattern(regexp = "email-link|document", message = "must be email-link or document")
        String identityCheck,
        @Nullable
        @Characters(min = 1, max = 500, message = "must be 1 to 500 characters")
        @Pattern(regexp = Forms.PLAIN_TEXT, message = "must not contain control characters")
        String document,
        @Nullable Boolean processorInvolved,
        @Nullable
        @Characters(max = 2000, message = "must be at most 2000 characters")
        @Pattern(regexp = Forms.PLAIN_TEXT, message = "must not contain control characters")
        String note) {

    /** The form read into the register's terms. */
    record Checked(String profileId, RequestKind kind, PrivacyRequest.Channel channel, PrivacyRequest.Identity identity,
                   @Nullable String documentCheck, boolean processorInvolved, @Nullable String note) {
    }

    Checked checked() {
        List<FieldError> errors = new ArrayList<>();
        PrivacyRequest.Identity identity = identityCheck.equals("document")
                ? PrivacyRequest.Identity.DOCUMENT : PrivacyRequest.Identity.EMAIL_LINK;
        if (identity == PrivacyRequest.Identity.DOCUMENT && document == null) {
            errors.add(new FieldError("document", "is required when the identity is checked by a document"));
        }
        if (identity == PrivacyRequest.Identity.EMAIL_LINK && document != null) {
            errors.add(new FieldError("document", "is only for an identity checked by a document"));
        }
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
        return new Checked(profileId, RequestKind.ofWireName(kind),
                PrivacyRequest.Channel.valueOf(channel.replace('-', '_').toUpperCase()), identity, document,
                Boolean.TRUE.equals(processorInvolved), note);
    }
}
