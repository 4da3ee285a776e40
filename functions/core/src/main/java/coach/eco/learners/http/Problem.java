package coach.eco.learners.http;

import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refused;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** An RFC 9457 problem body. Details are fixed texts: they never echo what the caller sent. */
@Serdeable
public record Problem(String type, String title, int status, String detail,
                      @Nullable String requestId, List<FieldError> errors) {

    public static Problem of(Refused refused, String requestId) {
        ProblemTypes.ProblemType problem = ProblemTypes.of(refused.refusal());
        return new Problem(ProblemTypes.TYPE_PREFIX + problem.type(), problem.title(), problem.status(),
                refused.getMessage(), requestId, refused.errors());
    }

    /** A failure that is no refusal: the service's own (500, 503). */
    public static Problem of(int status, String type, String title, String detail, String requestId) {
        return new Problem(ProblemTypes.TYPE_PREFIX + type, title, status, detail, requestId, List.of());
    }
}
