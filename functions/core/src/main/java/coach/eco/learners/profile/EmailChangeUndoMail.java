package coach.eco.learners.profile;

import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Mailer;
import coach.eco.learners.mail.WebsiteLinks;
import coach.eco.learners.outbox.MailOutbox;
import coach.eco.learners.outbox.OutboxMail;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The notice to the address a confirmed email change replaced, with the link that undoes the change
 * until the undo window ends. Sent through the outbox, bound to that address: it is built from the
 * previous email the profile keeps (encrypted) for the window, so an undone or lapsed change sends
 * nothing.
 */
@Singleton
public class EmailChangeUndoMail implements OutboxMail {
    private final ProfileStore profiles;
    private final TokenStore tokens;
    private final Mailer mailer;
    private final WebsiteLinks links;
    private final Clock clock;

    public EmailChangeUndoMail(ProfileStore profiles, TokenStore tokens, Mailer mailer, WebsiteLinks links,
                               Clock clock) {
        this.profiles = profiles;
        this.tokens = tokens;
        this.mailer = mailer;
        this.links = links;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "email-change-undo";
    }

    MailOutbox.Entry entryFor(String profileId, PreviousEmail previous) {
        return new MailOutbox.Entry(kind(), profileId, previous.emailLookupKey());
    }

    @Override
    public void deliver(String profileId, String boundTo) {
        profiles.findPreviousEmail(profileId)
                .filter(previous -> boundTo.equals(previous.emailLookupKey()))
                .ifPresent(previous -> send(profileId, previous));
    }

    void send(String profileId, PreviousEmail previous) {
        OneTimeToken token = OneTimeToken.generate();
        tokens.save(TokenPurpose.UNDO_EMAIL_CHANGE, token, profileId, previous.emailLookupKey(), previous.until());
        long daysLeft = Math.max(1, Duration.between(clock.instant(), previous.until()).plusHours(23).toDays());
        tokens.sendOrDiscard(TokenPurpose.UNDO_EMAIL_CHANGE, token, () -> mailer.send(previous.email(),
                MailTemplate.EMAIL_CHANGED, Map.of(
                        "link", links.page("/undo-email-change", token),
                        "validDays", daysLeft)));
    }
}
