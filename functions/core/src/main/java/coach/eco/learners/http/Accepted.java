package coach.eco.learners.http;

import io.micronaut.serde.annotation.Serdeable;

/** The 202 body of a public route that answers alike for every valid request. */
@Serdeable
public record Accepted(String status, String message) {

    public static Accepted because(String message) {
        return new Accepted("accepted", message);
    }
}
