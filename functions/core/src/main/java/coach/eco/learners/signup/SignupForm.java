package coach.eco.learners.signup;

import coach.eco.learners.consent.ConsentChoices;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.FullName;
import coach.eco.learners.profile.PhoneNumber;
import coach.eco.learners.profile.ProfileEdit;
import coach.eco.learners.refusal.FieldChecks;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refused;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of a signup request, exactly these fields; anything else is refused. The answer to news and
 * offers is required, as {@code marketingConsent} or in {@code consents}; other purposes may be answered.
 */
@Serdeable
public record SignupForm(
        @NotNull String fullName,
        @NotNull String phone,
        @NotNull String email,
        @Nullable Boolean marketingConsent,
        @Nullable Map<String, Boolean> consents) implements FieldChecks {

    /** The learner's details in their checked, normalised form, or every field error at once. */
    public NewLearner validated() {
        List<FieldError> errors = fieldErrors();
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
        return new NewLearner(FullName.parse(fullName), PhoneNumber.parse(phone), EmailAddress.parse(email),
                ConsentChoices.merged(marketingConsent, consents));
    }

    @Override
    public List<FieldError> fieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        ProfileEdit.parse("fullName", fullName, FullName::parse, errors);
        ProfileEdit.parse("phone", phone, PhoneNumber::parse, errors);
        ProfileEdit.parse("email", email, EmailAddress::parse, errors);
        errors.addAll(ConsentChoices.errors(marketingConsent, consents, true));
        return errors;
    }
}
