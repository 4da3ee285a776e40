package coach.eco.learners.http;

import io.micronaut.serde.annotation.Serdeable;

/** The 202 body of a public route that answers alike for every valid request, its message in the caller's language. */
@Serdeable
public record Accepted(String status, String message) {
}
