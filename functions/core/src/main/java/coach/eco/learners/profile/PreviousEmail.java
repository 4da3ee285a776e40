package coach.eco.learners.profile;

import coach.eco.learners.mail.EmailAddress;

import java.time.Instant;

/** The address a confirmed email change replaced, kept (encrypted) until its undo link expires. */
public record PreviousEmail(EmailAddress email, String emailLookupKey, Instant until) {

    public boolean isLive(Instant now) {
        return now.isBefore(until);
    }
}
