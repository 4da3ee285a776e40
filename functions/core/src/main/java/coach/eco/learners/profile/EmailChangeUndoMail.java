package coach.eco.learners.profile;

import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.outbox.BoundMail;
import coach.eco.learners.outbox.MailOutbox;
import coach.eco.learners.token.TokenBinding;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The notice to the address a confirmed email change replaced, with the link that undoes the change
 * until the undo window ends. Sent through the outbox, bound to that address: it is built from the
 * previous email the profile keeps (encrypted) for the window, so an undone or lapsed change sends
 * nothing.
 */
@Singleton
public class EmailChangeUndoMail extends BoundMail<PreviousEmail> {
    /** The undo link is bound to the lookup key of the address it puts back. */
    static final TokenBinding<String> PREVIOUS_EMAIL_KEY = TokenBinding.text();
    private static final LinkMails.LinkPage UNDO_PAGE =
            new LinkMails.LinkPage(TokenPurpose.UNDO_EMAIL_CHANGE, "/undo-email-change", "link");

    private final ProfileStore profiles;
    private final LinkMails mails;
    private final Clock clock;

    public EmailChangeUndoMail(ProfileStore profiles, LinkMails mails, Clock clock, MailOutbox outbox) {
        super("email-change-undo", outbox);
        this.profiles = profiles;
        this.mails = mails;
        this.clock = clock;
    }

    @Override
    protected Optional<PreviousEmail> current(String profileId) {
        return profiles.findPreviousEmail(profileId);
    }

    @Override
    protected String bindingOf(PreviousEmail previous) {
        return PREVIOUS_EMAIL_KEY.stored(previous.emailLookupKey());
    }

    @Override
    protected void send(String profileId, PreviousEmail previous) {
        long daysLeft = Math.max(1, Duration.between(clock.instant(), previous.until()).plusHours(23).toDays());
        mails.send(previous.email(), MailTemplate.EMAIL_CHANGED, Map.of("validDays", daysLeft), UNDO_PAGE,
                profileId, bindingOf(previous), previous.until());
    }
}
