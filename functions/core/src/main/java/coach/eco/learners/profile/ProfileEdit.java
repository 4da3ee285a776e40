package coach.eco.learners.profile;

import coach.eco.learners.consent.ConsentChoices;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.refusal.FieldChecks;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.FieldValidation;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The body of a profile update: any of these fields, at least one; anything else is refused. Consent is
 * answered per purpose in {@code consents}; {@code marketingConsent} is the answer to news and offers.
 */
@Serdeable
public record ProfileEdit(
        @Nullable String fullName,
        @Nullable String phone,
        @Nullable String email,
        @Nullable Boolean marketingConsent,
        @Nullable Map<String, Boolean> consents) implements FieldChecks {

    /**
     * The requested changes, checked and normalised; absent fields stay as they are, and purposes not
     * answered keep their answer.
     */
    public record Changes(@Nullable FullName fullName, @Nullable PhoneNumber phone, @Nullable EmailAddress email,
                          Map<String, Boolean> consents) {
        public Changes {
            consents = Map.copyOf(consents);
        }
    }

    public Changes validated() {
        if (fullName == null && phone == null && email == null && marketingConsent == null
                && (consents == null || consents.isEmpty())) {
            throw Refusal.NOTHING_TO_CHANGE.refused();
        }
        List<FieldError> errors = new ArrayList<>();
        Changes changes = changes(errors);
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
        return changes;
    }

    @Override
    public List<FieldError> fieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        changes(errors);
        return errors;
    }

    private Changes changes(List<FieldError> errors) {
        errors.addAll(ConsentChoices.errors(marketingConsent, consents, false));
        return new Changes(
                parse("fullName", fullName, FullName::parse, errors),
                parse("phone", phone, PhoneNumber::parse, errors),
                parse("email", email, EmailAddress::parse, errors),
                ConsentChoices.merged(marketingConsent, consents));
    }

    /** Parses a field if it was sent, collecting its error instead of throwing it. */
    public static <T> T parse(String field, String raw, Function<String, T> parser, List<FieldError> errors) {
        if (raw == null) {
            return null;
        }
        try {
            return parser.apply(raw);
        } catch (FieldValidation e) {
            errors.add(e.of(field));
            return null;
        }
    }
}
