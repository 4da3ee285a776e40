package coach.eco.learners.session;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Suppressions;
import coach.eco.learners.profile.Guardian;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.publiclink.LinkRecipients;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.session.Sessions.SessionStart;
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenBinding;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Passwordless sign-in: a one-time link by email, exchanged for a session. The guardian of a learner under 16
 * asks the same way, with their own address, and gets a link per learner they act for: it signs in to that
 * learner's profile, acting for them.
 */
@Singleton
public class SignInLinks {
    private static final Logger LOG = LoggerFactory.getLogger(SignInLinks.class);
    private static final LinkMails.LinkPage SIGN_IN_PAGE =
            new LinkMails.LinkPage(TokenPurpose.SIGN_IN, "/sign-in", "link", ChronoUnit.MINUTES);
    /** The same page: the website exchanges either link's token alike. */
    private static final LinkMails.LinkPage GUARDIAN_SIGN_IN_PAGE =
            new LinkMails.LinkPage(TokenPurpose.GUARDIAN_SIGN_IN, "/sign-in", "link", ChronoUnit.MINUTES);

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
     * limit, and a guardian's sign-in link for each learner under 16 it is the consenting guardian of;
     * otherwise does nothing. The caller cannot tell which: same answer, same minimum time.
     */
    public void requestLink(EmailAddress email) {
        recipients.sendSignInIfDue(email, profileId -> sendLink(email, profileId), this::sendGuardianLink);
    }

    /** A guardian's link for one learner, naming them, to the guardian's address, bound to it. */
    private void sendGuardianLink(Profile child) {
        Guardian guardian = child.guardian();
        if (mails.mail(guardian.email(), MailTemplate.GUARDIAN_SIGN_IN_LINK, Map.of("fullName", child.fullName().value()))
                .link(GUARDIAN_SIGN_IN_PAGE, child.profileId(), guardian.lookupKey(),
                        clock.instant().plus(config.getSignInLinkTtl()))
                .saveTokens().trySend()) {
            LOG.info("guardian sign-in link sent profileId={}", child.profileId());
        }
    }

    private void sendLink(EmailAddress email, String profileId) {
        if (mails.mail(email, MailTemplate.SIGN_IN_LINK, Map.of())
                .link(SIGN_IN_PAGE, profileId, null, clock.instant().plus(config.getSignInLinkTtl()))
                .saveTokens().trySend()) {
            LOG.info("sign-in link sent profileId={}", profileId);
        }
    }

    /** Exchanges a sign-in link's token, the learner's own or a guardian's, for a new session. */
    public SessionStart startSession(String rawToken) {
        OneTimeToken linkToken = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        Optional<Profile> learner = tokens.find(TokenPurpose.SIGN_IN, linkToken)
                .flatMap(grant -> profiles.find(grant.profileId()))
                .filter(Profile::isConfirmed);
        if (learner.isEmpty()) {
            return startGuardianSession(linkToken);
        }
        Profile profile = learner.get();
        return sessions.start(profile, Writes.of(
                        tokens.consume(TokenPurpose.SIGN_IN, linkToken, profile.profileId()),
                        // The link reached the learner: the address receives mail again.
                        suppressions.lift(profile.emailLookupKey())))
                .orElseThrow(Refusal.INVALID_LINK::refused);
    }

    /**
     * Exchanges a guardian's sign-in link for a session acting for the learner: only while the profile is
     * confirmed, names the guardian the link was mailed to, and the guardian still acts for the learner.
     */
    private SessionStart startGuardianSession(OneTimeToken linkToken) {
        int year = VietnamTime.yearOf(clock.instant());
        Profile child = tokens.find(TokenPurpose.GUARDIAN_SIGN_IN, linkToken)
                .flatMap(grant -> profiles.find(grant.profileId())
                        .filter(profile -> profile.isConfirmed() && profile.guardian() != null
                                && profile.guardian().lookupKey().equals(grant.boundTo(TokenBinding.text()))
                                && profile.guardian().actsIn(year)))
                .orElseThrow(Refusal.INVALID_LINK::refused);
        return sessions.startForGuardian(child, Writes.of(
                        tokens.consume(TokenPurpose.GUARDIAN_SIGN_IN, linkToken, child.profileId()),
                        // The link reached the guardian: their address receives mail again.
                        suppressions.lift(child.guardian().lookupKey())))
                .orElseThrow(Refusal.INVALID_LINK::refused);
    }
}
