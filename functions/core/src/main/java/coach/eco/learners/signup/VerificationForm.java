package coach.eco.learners.signup;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;

/** The body the website posts when a learner opens the link in their verification email. */
@Serdeable
public record VerificationForm(@NotNull(message = "is required") String token) {
}
