package coach.eco.learners.http;

import coach.eco.learners.refusal.FieldError;
import java.util.List;

/** A request the caller must change before sending again; becomes a 4xx problem response. */
public class InvalidRequestException extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;

    public InvalidRequestException(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static InvalidRequestException invalidFields(List<FieldError> errors) {
        return new InvalidRequestException(422, "validation", "Invalid fields",
                "One or more fields are missing or invalid.", errors);
    }

    /** One answer for every missing, malformed, unknown, idle, expired or revoked session. */
    public static InvalidRequestException unauthorized() {
        return of(401, "unauthorized", "Unauthorized",
                "Sign in to continue: the session is missing, has ended or is not valid.");
    }

    public static InvalidRequestException of(int status, String type, String title, String detail) {
        return new InvalidRequestException(status, type, title, detail, List.of());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
