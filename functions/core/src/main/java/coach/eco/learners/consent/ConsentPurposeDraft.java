package coach.eco.learners.consent;

import coach.eco.learners.refusal.Characters;
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
        @NotNull @Characters(min = 1, max = 100) String nameVi,
        @NotNull @Characters(min = 1, max = 100) String nameEn,
        @NotNull @Characters(min = 1, max = 1000) String descriptionVi,
        @NotNull @Characters(min = 1, max = 1000) String descriptionEn) {

    ConsentPurpose purpose() {
        return new ConsentPurpose(purposeId, nameVi.strip(), nameEn.strip(), descriptionVi.strip(),
                descriptionEn.strip(), false);
    }
}
