package coach.eco.learners.profile;

import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.config.LearnerConfiguration;
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
import java.time.Instant;
import java.util.Map;

/**
 * The mail to the address a learner asked to move to: its confirmation link, or, if another learner
 * holds that address by then, a note to its owner that someone tried (the requester is told the
 * same either way). Sent through the outbox, bound to the address asked for: a later change of mind
 * or the confirmation itself makes an unsent one moot.
 */
@Singleton
public class EmailChangeMail implements OutboxMail {
    private final ProfileStore profiles;
    private final TokenStore tokens;
    private final Mailer mailer;
    private final WebsiteLinks links;
    private final LearnerConfiguration config;
    private final Clock clock;

    public EmailChangeMail(ProfileStore profiles, TokenStore tokens, Mailer mailer, WebsiteLinks links,
                           LearnerConfiguration config, Clock clock) {
        this.profiles = profiles;
        this.tokens = tokens;
        this.mailer = mailer;
        this.links = links;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "email-change";
    }

    /** The entry for a profile whose pending email was just set. */
    MailOutbox.Entry entryFor(Profile changed) {
        return new MailOutbox.Entry(kind(), changed.profileId(), changed.pendingEmailLookupKey());
    }

    @Override
    public void deliver(String profileId, String boundTo) {
        profiles.find(profileId)
                .filter(profile -> profile.status() == ProfileStatus.ACTIVE)
                .filter(profile -> boundTo.equals(profile.pendingEmailLookupKey()))
                .ifPresent(this::send);
    }

    void send(Profile changed) {
        Instant now = clock.instant();
        EmailAddress address = changed.pendingEmail();
        if (profiles.findOwner(changed.pendingEmailLookupKey(), now).isPresent()) {
            mailer.send(address, MailTemplate.EMAIL_TAKEN, Map.of());
            return;
        }
        OneTimeToken token = OneTimeToken.generate();
        tokens.save(TokenPurpose.CHANGE_EMAIL, token, changed.profileId(), changed.pendingEmailLookupKey(),
                now.plus(config.getEmailChangeLinkTtl()));
        tokens.sendOrDiscard(TokenPurpose.CHANGE_EMAIL, token, () -> mailer.send(address,
                MailTemplate.CONFIRM_NEW_EMAIL, Map.of(
                        "link", links.page("/confirm-email", token),
                        "validHours", Math.max(1, config.getEmailChangeLinkTtl().toHours()))));
    }
}
