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
    static final String PLAIN_TEXT = Characters.PLAIN_TEXT;

    private Forms() {
    }

    /** Why: an extension's or a refusal's reason, mailed to the requester. */
    @Serdeable
    public record Reason(
            @HasText
            @Characters(max = 1000)
            @Pattern(regexp = PLAIN_TEXT, message = "invalid-characters")
            String reason,
            @Nullable
            @Min(value = 1)
            @Max(value = 366)
            Integer days) {
    }

    /** A document staff saw, described (its kind and the last digits of its number, say), never copied. */
    @Serdeable
    public record DocumentCheck(
            @HasText
            @Characters(max = 500)
            @Pattern(regexp = PLAIN_TEXT, message = "invalid-characters")
            String document) {
    }
}
