package coach.eco.learners.profile;

import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.refusal.FieldChecks;
import coach.eco.learners.refusal.FieldError;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;

import java.util.ArrayList;
import java.util.List;

/** A body that carries only an email (a sign-in link request, a staff lookup). */
@Serdeable
public record EmailForm(@NotNull String email) implements FieldChecks {

    public EmailAddress address() {
        return EmailAddress.parseField("email", email);
    }

    @Override
    public List<FieldError> fieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        ProfileEdit.parse("email", email, EmailAddress::parse, errors);
        return errors;
    }
}
