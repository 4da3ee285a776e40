package coach.eco.learners.deletion;

import coach.eco.learners.profile.DeletionRequest;
import coach.eco.learners.mail.MailDates;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Mailer;
import coach.eco.learners.mail.WebsiteLinks;
import coach.eco.learners.outbox.MailOutbox;
import coach.eco.learners.outbox.OutboxMail;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The mail telling a learner that their deletion or deactivation request is in force, with a link
 * that cancels a deletion during its grace period. Sent through the outbox, bound to the request:
 * a request cancelled before its mail went out sends nothing.
 */
@Singleton
public class DeletionAcknowledgement implements OutboxMail {
    private final ProfileStore profiles;
    private final TokenStore tokens;
    private final Mailer mailer;
    private final WebsiteLinks links;

    public DeletionAcknowledgement(ProfileStore profiles, TokenStore tokens, Mailer mailer, WebsiteLinks links) {
        this.profiles = profiles;
        this.tokens = tokens;
        this.mailer = mailer;
        this.links = links;
    }

    @Override
    public String kind() {
        return "deletion-in-force";
    }

    MailOutbox.Entry entryFor(Profile requested) {
        return new MailOutbox.Entry(kind(), requested.profileId(), boundTo(requested.deletionRequest()));
    }

    @Override
    public void deliver(String profileId, String boundTo) {
        profiles.find(profileId)
                .filter(profile -> profile.deletionRequest() != null
                        && boundTo.equals(boundTo(profile.deletionRequest())))
                .ifPresent(this::send);
    }

    void send(Profile profile) {
        DeletionRequest request = profile.deletionRequest();
        Map<String, Object> values = new HashMap<>();
        values.put("signInUrl", links.page("/sign-in"));
        Runnable mail = () -> mailer.send(profile.email(), MailTemplate.DELETION_REQUEST_IN_FORCE,
                DeletionService.withKind(request.kind(), values));
        if (request.erasureDueAt() == null) {
            mail.run();
            return;
        }
        OneTimeToken cancelToken = OneTimeToken.generate();
        // The link outlives the grace period, so that a late click is told why it no longer works.
        tokens.save(TokenPurpose.CANCEL_DELETION, cancelToken, profile.profileId(), boundTo(request),
                request.erasureDueAt().plus(Duration.ofDays(7)));
        values.put("cancelLink", links.page("/cancel-deletion", cancelToken));
        values.putAll(MailDates.erasureDate(request.erasureDueAt()));
        tokens.sendOrDiscard(TokenPurpose.CANCEL_DELETION, cancelToken, mail);
    }

    /** A cancel link, like its mail, belongs to one request: the instant it was made. */
    static String boundTo(DeletionRequest request) {
        return request.requestedAt().toString();
    }
}
