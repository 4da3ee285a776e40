package coach.eco.learners.profile;

import coach.eco.learners.refusal.Characters;
import coach.eco.learners.refusal.HasText;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Pattern;

/** Why staff place or lift a hold, and the case or letter it refers to. */
@Serdeable
public record HoldNote(
        @HasText(message = "is required")
        @Characters(max = 1000, message = "must be at most 1000 characters")
        @Pattern(regexp = "[^\\p{Cc}\\p{Cf}]*", message = "must not contain control characters")
        String reason,
        @HasText(message = "is required")
        @Characters(max = 200, message = "must be at most 200 characters")
        @Pattern(regexp = "[^\\p{Cc}\\p{Cf}]*", message = "must not contain control characters")
        String reference) {
}
