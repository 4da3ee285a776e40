package coach.eco.learners.profile;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Why staff place or lift a hold, and the case or letter it refers to. */
@Serdeable
public record HoldNote(
        @NotBlank
        @Size(max = 1000)
        @Pattern(regexp = "[^\\p{Cc}\\p{Cf}]*", message = "invalid-characters")
        String reason,
        @NotBlank
        @Size(max = 200)
        @Pattern(regexp = "[^\\p{Cc}\\p{Cf}]*", message = "invalid-characters")
        String reference) {
}
