package coach.eco.learners.signup;

import coach.eco.learners.http.FieldError;
import coach.eco.learners.http.InvalidRequestException;
import coach.eco.learners.profile.EmailAddress;
import coach.eco.learners.profile.FieldValidation;
import coach.eco.learners.profile.FullName;
import coach.eco.learners.profile.PhoneNumber;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The body of a signup request, exactly these fields; anything else is refused. */
@Serdeable
public record SignupForm(
        @NotNull(message = "is required") String fullName,
        @NotNull(message = "is required") String phone,
        @NotNull(message = "is required") String email,
        @NotNull(message = "is required") Boolean marketingConsent) {

    /** The learner's details in their checked, normalised form, or every field error at once. */
    public NewLearner validated() {
        List<FieldError> errors = new ArrayList<>();
        FullName name = parse("fullName", fullName, FullName::parse, errors);
        PhoneNumber phoneNumber = parse("phone", phone, PhoneNumber::parse, errors);
        EmailAddress emailAddress = parse("email", email, EmailAddress::parse, errors);
        if (!errors.isEmpty()) {
            throw InvalidRequestException.invalidFields(errors);
        }
        return new NewLearner(name, phoneNumber, emailAddress, marketingConsent);
    }

    private static <T> T parse(String field, String raw, Function<String, T> parser, List<FieldError> errors) {
        try {
            return parser.apply(raw);
        } catch (FieldValidation e) {
            errors.add(new FieldError(field, e.getMessage()));
            return null;
        }
    }
}
