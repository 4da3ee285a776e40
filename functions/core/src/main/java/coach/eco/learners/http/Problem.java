package coach.eco.learners.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * An RFC 9457 problem body, its title, detail and messages in the caller's language. They are fixed
 * texts: they never echo what the caller sent.
 */
@Serdeable
public record Problem(String type, String title, int status, String detail,
                      @Nullable String requestId, List<FieldProblem> errors) {
}
