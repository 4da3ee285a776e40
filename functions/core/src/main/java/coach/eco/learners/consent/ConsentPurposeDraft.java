package coach.eco.learners.consent;

import coach.eco.learners.refusal.Characters;
import coach.eco.learners.refusal.HasText;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What staff send to add a consent purpose: its id, and its name and description in both languages. */
@Serdeable
public record ConsentPurposeDraft(
        @NotNull
        @Size(max = ConsentPurpose.ID_MAX_LENGTH, message = "invalid-format.purpose-id")
        @Pattern(regexp = ConsentPurpose.ID_PATTERN, message = "invalid-format.purpose-id")
        String purposeId,
        @HasText @Characters(max = 100) @Pattern(regexp = Characters.PLAIN_TEXT, message = "invalid-characters")
        String nameVi,
        @HasText @Characters(max = 100) @Pattern(regexp = Characters.PLAIN_TEXT, message = "invalid-characters")
        String nameEn,
        @HasText @Characters(max = 1000) @Pattern(regexp = Characters.PLAIN_TEXT, message = "invalid-characters")
        String descriptionVi,
        @HasText @Characters(max = 1000) @Pattern(regexp = Characters.PLAIN_TEXT, message = "invalid-characters")
        String descriptionEn) {

    ConsentPurpose purpose() {
        return new ConsentPurpose(purposeId, nameVi.strip(), nameEn.strip(), descriptionVi.strip(),
                descriptionEn.strip(), false);
    }
}
