package coach.eco.learners.token;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;

/** What a website page posts for an email link: the token from the link's fragment. */
@Serdeable
public record TokenForm(@NotNull String token) {
}
