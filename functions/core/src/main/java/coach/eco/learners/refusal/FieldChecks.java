package coach.eco.learners.refusal;

import java.time.Instant;
import java.util.List;

/**
 * A request body whose field values are checked beyond their JSON types and constraints: the HTTP
 * adapter asks for these errors as it binds the body, so one answer lists every problem of the
 * request, whichever other fields are missing or mistyped.
 */
public interface FieldChecks {

    /** The errors of the values sent; a field left out (null) is not checked here. */
    List<FieldError> fieldErrors();

    /** The errors as of {@code now}, for values the day can make wrong (a date already past); by default the same. */
    default List<FieldError> fieldErrorsAt(Instant now) {
        return fieldErrors();
    }
}
