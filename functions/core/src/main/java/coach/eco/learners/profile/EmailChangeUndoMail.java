package coach.eco.learners.profile;

import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.outbox.BoundMail;
import coach.eco.learners.outbox.MailOutbox;
import coach.eco.learners.token.TokenBinding;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;

import java.time.temporal.ChronoUnit;
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
            new LinkMails.LinkPage(TokenPurpose.UNDO_EMAIL_CHANGE, "/undo-email-change", "link", ChronoUnit.DAYS);

    private final ProfileStore profiles;
    private final LinkMails mails;

    public EmailChangeUndoMail(ProfileStore profiles, LinkMails mails, MailOutbox outbox) {
        super("email-change-undo", outbox);
        this.profiles = profiles;
        this.mails = mails;
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
        mails.mail(previous.email(), MailTemplate.EMAIL_CHANGED, Map.of())
                .link(UNDO_PAGE, profileId, bindingOf(previous), previous.until())
                .saveTokens().send();
    }
}
