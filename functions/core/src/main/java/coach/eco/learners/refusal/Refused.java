package coach.eco.learners.refusal;

import java.util.List;

/** A request refused: the caller must change it before sending it again. */
public class Refused extends RuntimeException {
    private final Refusal refusal;
    private final List<FieldError> errors;

    Refused(Refusal refusal, List<FieldError> errors) {
        super(refusal.name(), null, false, false);
        this.refusal = refusal;
        this.errors = List.copyOf(errors);
    }

    /** Fields refused, each with its code (never the value sent). */
    public static Refused invalidFields(List<FieldError> errors) {
        return new Refused(Refusal.INVALID_FIELDS, errors);
    }

    public static Refused invalidField(String field, FieldCode code) {
        return invalidFields(List.of(new FieldError(field, code)));
    }

    public static Refused invalidField(String field, FieldCode code, String variant) {
        return invalidFields(List.of(new FieldError(field, code, variant)));
    }

    public Refusal refusal() {
        return refusal;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
