package coach.eco.learners.session;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Suppressions;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.publiclink.LinkRecipients;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.session.Sessions.SessionStart;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Passwordless sign-in: a one-time link by email, exchanged for a session. */
@Singleton
public class SignInLinks {
    private static final Logger LOG = LoggerFactory.getLogger(SignInLinks.class);
    private static final LinkMails.LinkPage SIGN_IN_PAGE =
            new LinkMails.LinkPage(TokenPurpose.SIGN_IN, "/sign-in", "link", ChronoUnit.MINUTES);

    private final LinkRecipients recipients;
    private final TokenStore tokens;
    private final ProfileStore profiles;
    private final Suppressions suppressions;
    private final Sessions sessions;
    private final LinkMails mails;
    private final LearnerConfiguration config;
    private final Clock clock;

    public SignInLinks(LinkRecipients recipients, TokenStore tokens, ProfileStore profiles, Suppressions suppressions,
                       Sessions sessions, LinkMails mails, LearnerConfiguration config, Clock clock) {
        this.recipients = recipients;
        this.tokens = tokens;
        this.profiles = profiles;
        this.suppressions = suppressions;
        this.sessions = sessions;
        this.mails = mails;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Sends a sign-in link if the email belongs to a confirmed learner and is within its hourly
     * limit; otherwise does nothing. The caller cannot tell which: same answer, same minimum time.
     */
    public void requestLink(EmailAddress email) {
        recipients.sendIfDue(TokenPurpose.SIGN_IN, email, profileId -> sendLink(email, profileId));
    }

    private void sendLink(EmailAddress email, String profileId) {
        if (mails.mail(email, MailTemplate.SIGN_IN_LINK, Map.of())
                .link(SIGN_IN_PAGE, profileId, null, clock.instant().plus(config.getSignInLinkTtl()))
                .saveTokens().trySend()) {
            LOG.info("sign-in link sent profileId={}", profileId);
        }
    }

    /** Exchanges a sign-in link's token for a new session. */
    public SessionStart startSession(String rawToken) {
        OneTimeToken linkToken = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        Profile profile = tokens.find(TokenPurpose.SIGN_IN, linkToken)
                .flatMap(grant -> profiles.find(grant.profileId()))
                .filter(Profile::isConfirmed)
                .orElseThrow(Refusal.INVALID_LINK::refused);
        return sessions.start(profile, Writes.of(
                        tokens.consume(TokenPurpose.SIGN_IN, linkToken, profile.profileId()),
                        // The link reached the learner: the address receives mail again.
                        suppressions.lift(profile.emailLookupKey())))
                .orElseThrow(Refusal.INVALID_LINK::refused);
    }
}
