package coach.eco.learners.profile;

import coach.eco.learners.mail.EmailAddress;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;

/** A body that carries only an email (a sign-in link request, a staff lookup). */
@Serdeable
public record EmailForm(@NotNull(message = "is required") String email) {

    public EmailAddress address() {
        return EmailAddress.parseField("email", email);
    }
}
