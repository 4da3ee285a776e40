package coach.eco.learners.http;

import coach.eco.learners.refusal.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** An RFC 9457 problem body. Details are fixed texts: they never echo what the caller sent. */
@Serdeable
public record Problem(String type, String title, int status, String detail,
                      @Nullable String requestId, List<FieldError> errors) {

    static final String TYPE_PREFIX = "urn:learner-profiles:problem:";

    public static Problem of(InvalidRequestException e, String requestId) {
        return new Problem(TYPE_PREFIX + e.type(), e.title(), e.status(), e.getMessage(), requestId, e.errors());
    }

    public static Problem of(int status, String type, String title, String detail, String requestId) {
        return new Problem(TYPE_PREFIX + type, title, status, detail, requestId, List.of());
    }
}
