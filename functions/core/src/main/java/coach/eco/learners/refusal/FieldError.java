package coach.eco.learners.refusal;

import io.micronaut.serde.annotation.Serdeable;

/** One refused field of a request: its name and why, never the value that was sent. */
@Serdeable
public record FieldError(String field, String message) {
}
