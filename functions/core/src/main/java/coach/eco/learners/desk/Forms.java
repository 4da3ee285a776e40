package coach.eco.learners.desk;

import coach.eco.learners.refusal.Characters;
import coach.eco.learners.refusal.HasText;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/** The shapes the desk's forms share, and its small forms. */
public final class Forms {
    /** A profile id, a request id: a UUID. */
    public static final String PROFILE_ID = "[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}";
    /** Staff's text: any characters but control and format ones. */
    static final String PLAIN_TEXT = "[^\\p{Cc}\\p{Cf}]*";

    private Forms() {
    }

    /** Why: an extension's or a refusal's reason, mailed to the requester. */
    @Serdeable
    public record Reason(
            @HasText(message = "is required")
            @Characters(max = 1000, message = "must be at most 1000 characters")
            @Pattern(regexp = PLAIN_TEXT, message = "must not contain control characters")
            String reason,
            @Nullable
            @Min(value = 1, message = "must be at least 1")
            @Max(value = 366, message = "must be at most 366")
            Integer days) {
    }

    /** A document staff saw, described (its kind and the last digits of its number, say), never copied. */
    @Serdeable
    public record DocumentCheck(
            @HasText(message = "is required")
            @Characters(max = 500, message = "must be at most 500 characters")
            @Pattern(regexp = PLAIN_TEXT, message = "must not contain control characters")
            String document) {
    }
}
