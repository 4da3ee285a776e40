package coach.eco.learners.signup;

import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.FullName;
import coach.eco.learners.profile.PhoneNumber;
import coach.eco.learners.profile.ProfileEdit;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;

import java.util.ArrayList;
import java.util.List;

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
        FullName name = ProfileEdit.parse("fullName", fullName, FullName::parse, errors);
        PhoneNumber phoneNumber = ProfileEdit.parse("phone", phone, PhoneNumber::parse, errors);
        EmailAddress emailAddress = ProfileEdit.parse("email", email, EmailAddress::parse, errors);
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
        return new NewLearner(name, phoneNumber, emailAddress, marketingConsent);
    }
}
