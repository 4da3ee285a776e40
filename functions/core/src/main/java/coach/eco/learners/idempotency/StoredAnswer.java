package coach.eco.learners.idempotency;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** The first answer to a request sent with an Idempotency-Key, as its retries get it again. */
@Serdeable
public record StoredAnswer(int status, Map<String, String> headers, String body) {
}
