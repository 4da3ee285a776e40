package coach.eco.learners.profile;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Why staff place or lift a hold, and the case or letter it refers to. */
@Serdeable
public record HoldNote(
        @NotBlank(message = "is required")
        @Size(max = 1000, message = "must be at most 1000 characters")
        @Pattern(regexp = "[^\\p{Cc}\\p{Cf}]*", message = "must not contain control characters")
        String reason,
        @NotBlank(message = "is required")
        @Size(max = 200, message = "must be at most 200 characters")
        @Pattern(regexp = "[^\\p{Cc}\\p{Cf}]*", message = "must not contain control characters")
        String reference) {
}
