package coach.eco.learners.profile;

import coach.eco.learners.refusal.Characters;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Why staff place or lift a hold, and the case or letter it refers to. */
@Serdeable
public record HoldNote(
        @NotNull(message = "is required")
        @Pattern(regexp = HAS_TEXT, message = "is required")
        @Characters(max = 1000, message = "must be at most 1000 characters")
        @Pattern(regexp = "[^\\p{Cc}\\p{Cf}]*", message = "must not contain control characters")
        String reason,
        @NotNull(message = "is required")
        @Pattern(regexp = HAS_TEXT, message = "is required")
        @Characters(max = 200, message = "must be at most 200 characters")
        @Pattern(regexp = "[^\\p{Cc}\\p{Cf}]*", message = "must not contain control characters")
        String reference) {
    /**
     * Something besides white space, as the document's pattern ({@code \s}) counts it: a no-break space is blank too,
     * which {@code @NotBlank} (Java's {@code isWhitespace}) would take for text.
     */
    static final String HAS_TEXT = "(?U)(?s).*\\S.*";
}
