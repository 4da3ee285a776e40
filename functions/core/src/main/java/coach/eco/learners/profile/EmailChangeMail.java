package coach.eco.learners.profile;

import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.outbox.BoundMail;
import coach.eco.learners.outbox.MailOutbox;
import coach.eco.learners.token.TokenBinding;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The mail to the address a learner asked to move to: its confirmation link, or, if another learner
 * holds that address by then, a note to its owner that someone tried (the requester is told the
 * same either way). Sent through the outbox, bound to the address asked for: a later change of mind
 * or the confirmation itself makes an unsent one moot.
 */
@Singleton
public class EmailChangeMail extends BoundMail<Profile> {
    /** The confirmation link is bound to the lookup key of the address it confirms. */
    static final TokenBinding<String> PENDING_EMAIL_KEY = TokenBinding.text();
    private static final LinkMails.LinkPage CONFIRM_PAGE =
            new LinkMails.LinkPage(TokenPurpose.CHANGE_EMAIL, "/confirm-email", "link", ChronoUnit.HOURS);

    private final ProfileStore profiles;
    private final LinkMails mails;
    private final LearnerConfiguration config;
    private final Clock clock;

    public EmailChangeMail(ProfileStore profiles, LinkMails mails, LearnerConfiguration config, Clock clock,
                           MailOutbox outbox) {
        super("email-change", outbox);
        this.profiles = profiles;
        this.mails = mails;
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected Optional<Profile> current(String profileId) {
        return profiles.find(profileId).filter(profile -> profile.status() == ProfileStatus.ACTIVE);
    }

    /** A profile whose pending email was just set. */
    @Override
    protected String bindingOf(Profile changed) {
        return PENDING_EMAIL_KEY.stored(changed.pendingEmailLookupKey());
    }

    @Override
    protected void send(String profileId, Profile changed) {
        Instant now = clock.instant();
        if (profiles.findOwner(changed.pendingEmailLookupKey(), now).isPresent()) {
            mails.mail(changed.pendingEmail(), MailTemplate.EMAIL_TAKEN, Map.of()).send();
            return;
        }
        mails.mail(changed.pendingEmail(), MailTemplate.CONFIRM_NEW_EMAIL, Map.of())
                .link(CONFIRM_PAGE, profileId, bindingOf(changed), now.plus(config.getEmailChangeLinkTtl()))
                .saveTokens().send();
    }
}
