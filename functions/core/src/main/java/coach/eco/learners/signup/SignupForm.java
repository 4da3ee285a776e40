package coach.eco.learners.signup;

import coach.eco.learners.consent.ConsentChoices;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.FullName;
import coach.eco.learners.profile.PhoneNumber;
import coach.eco.learners.profile.ProfileEdit;
import coach.eco.learners.profile.Guardian;
import coach.eco.learners.refusal.FieldChecks;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.time.VietnamTime;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of a signup request, exactly these fields; anything else is refused. The answer to news and
 * offers is required, as {@code marketingConsent} or in {@code consents}; other purposes may be answered.
 * {@code sixteenOrOver} declares the learner's age: false asks for {@code birthYear} and
 * {@code guardianEmail}, which a learner of 16 or over does not send. A form that leaves it out is one
 * from before age was asked, which only learners of 16 or over could use: it is read as true.
 */
@Serdeable
public record SignupForm(
        @NotNull String fullName,
        @NotNull String phone,
        @NotNull String email,
        @Nullable Boolean marketingConsent,
        @Nullable Map<String, Boolean> consents,
        @Nullable Boolean sixteenOrOver,
        @Nullable Integer birthYear,
        @Nullable String guardianEmail) implements FieldChecks {

    /** The learner's details in their checked, normalised form, or every field error at once. */
    public NewLearner validated() {
        List<FieldError> errors = fieldErrors();
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
        return new NewLearner(FullName.parse(fullName), PhoneNumber.parse(phone), EmailAddress.parse(email),
                ConsentChoices.merged(marketingConsent, consents),
                isMinor() ? new NewLearner.Minor(birthYear, EmailAddress.parse(guardianEmail)) : null);
    }

    private boolean isMinor() {
        return Boolean.FALSE.equals(sixteenOrOver);
    }

    @Override
    public List<FieldError> fieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        ProfileEdit.parse("fullName", fullName, FullName::parse, errors);
        ProfileEdit.parse("phone", phone, PhoneNumber::parse, errors);
        ProfileEdit.parse("email", email, EmailAddress::parse, errors);
        errors.addAll(ConsentChoices.errors(marketingConsent, consents, true));
        errors.addAll(minorErrors());
        return errors;
    }

    /** A birth year in the future, or one that makes a learner who declared under 16 older than that. */
    @Override
    public List<FieldError> fieldErrorsAt(Instant now) {
        List<FieldError> errors = new ArrayList<>(fieldErrors());
        int thisYear = VietnamTime.yearOf(now);
        if (isMinor() && birthYear != null && birthYear > thisYear) {
            errors.add(new FieldError("birthYear", FieldCode.OUT_OF_RANGE, "not-in-future"));
        } else if (isMinor() && birthYear != null && !Guardian.isMinorIn(birthYear, thisYear)) {
            errors.add(new FieldError("birthYear", FieldCode.INCONSISTENT, "sixteen-or-over"));
        }
        return errors;
    }

    /**
     * Under 16: the year of birth and a guardian's address other than the learner's are required. 16 or
     * over: neither is taken, so that nothing about age is kept that is not needed.
     */
    private List<FieldError> minorErrors() {
        List<FieldError> errors = new ArrayList<>();
        if (!isMinor()) {
            if (birthYear != null) {
                errors.add(new FieldError("birthYear", FieldCode.INCONSISTENT, "under-16-only"));
            }
            if (guardianEmail != null) {
                errors.add(new FieldError("guardianEmail", FieldCode.INCONSISTENT, "under-16-only"));
            }
            return errors;
        }
        if (birthYear == null) {
            errors.add(new FieldError("birthYear", FieldCode.REQUIRED));
        }
        if (guardianEmail == null) {
            errors.add(new FieldError("guardianEmail", FieldCode.REQUIRED));
            return errors;
        }
        EmailAddress guardian = ProfileEdit.parse("guardianEmail", guardianEmail, EmailAddress::parse, errors);
        EmailAddress own = ProfileEdit.parse("email", email, EmailAddress::parse, new ArrayList<>());
        if (guardian != null && own != null && guardian.normalized().equals(own.normalized())) {
            errors.add(new FieldError("guardianEmail", FieldCode.INCONSISTENT, "own-email"));
        }
        return errors;
    }
}
