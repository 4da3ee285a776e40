package coach.eco.learners.profile;

import coach.eco.learners.refusal.Characters;
import coach.eco.learners.refusal.HasText;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Pattern;

/** Why staff place or lift a hold, and the case or letter it refers to. */
@Serdeable
public record HoldNote(
        @HasText
        @Characters(max = 1000)
        @Pattern(regexp = "[^\\p{Cc}\\p{Cf}]*", message = "invalid-characters")
        String reason,
        @HasText
        @Characters(max = 200)
        @Pattern(regexp = "[^\\p{Cc}\\p{Cf}]*", message = "invalid-characters")
        String reference) {
}
