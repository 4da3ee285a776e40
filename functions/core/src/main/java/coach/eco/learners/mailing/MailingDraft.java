package coach.eco.learners.mailing;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.refusal.Characters;
import coach.eco.learners.refusal.HasText;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What staff write for a mailing to the learners who said yes to one consent purpose: its subject and body in
 * Vietnamese and English, plain text (the mail greets each learner by name above the body; the HTML part
 * escapes every character of it, so markup shows as typed and never runs).
 */
@Serdeable
public record MailingDraft(
        @NotNull
        @Size(max = ConsentPurpose.ID_MAX_LENGTH, message = "invalid-format.purpose-id")
        @Pattern(regexp = ConsentPurpose.ID_PATTERN, message = "invalid-format.purpose-id")
        String purposeId,
        @HasText @Characters(max = 150) @Pattern(regexp = Characters.PLAIN_TEXT, message = "invalid-characters")
        String subjectVi,
        @HasText @Characters(max = 150) @Pattern(regexp = Characters.PLAIN_TEXT, message = "invalid-characters")
        String subjectEn,
        // Line breaks are kept; invisible format characters (bidirectional overrides and the like) are not.
        @HasText @Characters(max = 5000) @Pattern(regexp = "[^\\p{Cf}]*", message = "invalid-characters")
        String bodyVi,
        @HasText @Characters(max = 5000) @Pattern(regexp = "[^\\p{Cf}]*", message = "invalid-characters")
        String bodyEn) {
}
