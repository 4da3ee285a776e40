package coach.eco.learners.deletion;

import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.outbox.BoundMail;
import coach.eco.learners.outbox.MailOutbox;
import coach.eco.learners.profile.DeletionRequest;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.TokenBinding;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The mail telling a learner that their deletion or deactivation request is in force, with a link
 * that cancels a deletion during its grace period. Sent through the outbox, bound to the request:
 * a request cancelled before its mail went out sends nothing.
 */
@Singleton
public class DeletionAcknowledgement extends BoundMail<Profile> {
    /** A cancel link, like its mail, belongs to one request: the instant it was made. */
    static final TokenBinding<Instant> REQUEST_MADE_AT = TokenBinding.of(Instant::toString, Instant::parse);
    private static final LinkMails.LinkPage CANCEL_PAGE =
            new LinkMails.LinkPage(TokenPurpose.CANCEL_DELETION, "/cancel-deletion", "cancelLink", null);
    /** The link outlives the grace period, so that a late click is told why it no longer works. */
    private static final Duration LINK_OUTLIVES_GRACE = Duration.ofDays(7);

    private final ProfileStore profiles;
    private final LinkMails mails;

    public DeletionAcknowledgement(ProfileStore profiles, LinkMails mails, MailOutbox outbox) {
        super("deletion-in-force", outbox);
        this.profiles = profiles;
        this.mails = mails;
    }

    @Override
    protected Optional<Profile> current(String profileId) {
        return profiles.find(profileId).filter(profile -> profile.deletionRequest() != null);
    }

    /** A profile with a request in force. */
    @Override
    protected String bindingOf(Profile requested) {
        return REQUEST_MADE_AT.stored(requested.deletionRequest().requestedAt());
    }

    @Override
    protected void send(String profileId, Profile profile) {
        DeletionRequest request = profile.deletionRequest();
        Map<String, Object> values = new HashMap<>(request.kind().mailFlags());
        values.put("signInUrl", mails.page("/sign-in"));
        if (request.erasureDueAt() == null) {
            mails.mail(profile.email(), MailTemplate.DELETION_REQUEST_IN_FORCE, values).send();
            return;
        }
        values.putAll(VietnamTime.dateAndTime("erasureDate", request.erasureDueAt()));
        mails.mail(profile.email(), MailTemplate.DELETION_REQUEST_IN_FORCE, values)
                .link(CANCEL_PAGE, profileId, bindingOf(profile), request.erasureDueAt().plus(LINK_OUTLIVES_GRACE))
                .saveTokens().send();
    }
}
