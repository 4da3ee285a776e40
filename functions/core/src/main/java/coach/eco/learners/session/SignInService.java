package coach.eco.learners.session;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.publiclink.LinkRecipients;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Mailer;
import coach.eco.learners.mail.Suppressions;
import coach.eco.learners.mail.WebsiteLinks;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileActivity;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.token.LookupItemsOfProfile;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Passwordless sign-in: a one-time link by email, exchanged for a session token. Sessions end when
 * idle, at their absolute expiry, or at sign-out; every learner route authenticates through here.
 */
@Singleton
public class SignInService {
    private static final Logger LOG = LoggerFactory.getLogger(SignInService.class);
    private static final String BEARER = "bearer ";

    /** What the learner's browser keeps after sign-in. */
    @Serdeable
    public record SessionStart(String sessionToken, Instant expiresAt, long idleTimeoutSeconds) {
    }

    /** The signed-in learner of a request, and when they signed in (a fresh sign-in may change the email). */
    public record SignedIn(String profileId, OneTimeToken sessionToken, Instant signedInAt) {
    }

    private final ProfileStore profiles;
    private final TokenStore tokens;
    private final SessionStore sessions;
    private final LinkRecipients recipients;
    private final Mailer mailer;
    private final AuditLog audit;
    private final WebsiteLinks links;
    private final LearnerConfiguration config;
    private final Clock clock;
    private final Transactions transactions;
    private final LookupItemsOfProfile lookupItems;
    private final Suppressions suppressions;
    private final ProfileActivity activity;

    public SignInService(ProfileStore profiles, TokenStore tokens, SessionStore sessions, LinkRecipients recipients,
                         Mailer mailer, AuditLog audit, WebsiteLinks links, LearnerConfiguration config, Clock clock,
                         Transactions transactions, LookupItemsOfProfile lookupItems, Suppressions suppressions,
                         ProfileActivity activity) {
        this.lookupItems = lookupItems;
        this.suppressions = suppressions;
        this.activity = activity;
        this.transactions = transactions;
        this.profiles = profiles;
        this.tokens = tokens;
        this.sessions = sessions;
        this.recipients = recipients;
        this.mailer = mailer;
        this.audit = audit;
        this.links = links;
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
        Instant now = clock.instant();
        OneTimeToken token = OneTimeToken.generate();
        tokens.save(TokenPurpose.SIGN_IN, token, profileId, now.plus(config.getSignInLinkTtl()));
        if (mailer.trySend(email, MailTemplate.SIGN_IN_LINK, Map.of(
                "link", links.page("/sign-in", token),
                "validMinutes", Math.max(1, config.getSignInLinkTtl().toMinutes())))) {
            LOG.info("sign-in link sent profileId={}", profileId);
        }
    }

    /** Exchanges a sign-in link's token for a new session. */
    public SessionStart startSession(String rawToken) {
        OneTimeToken linkToken = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        Instant now = clock.instant();
        Profile profile = tokens.find(TokenPurpose.SIGN_IN, linkToken)
                .flatMap(grant -> profiles.find(grant.profileId()))
                .filter(Profile::isConfirmed)
                .orElseThrow(Refusal.INVALID_LINK::refused);
        OneTimeToken sessionToken = OneTimeToken.generate();
        // A commit whose answer was lost (the SDK's retry finds the link used) is recognised by the new session.
        boolean started = transactions.commit(profile.profileId(), Writes.of(
                tokens.consume(TokenPurpose.SIGN_IN, linkToken, profile.profileId()),
                sessions.create(sessionToken, profile.profileId(), now),
                audit.record(profile.profileId(), AuditEvent.SIGNED_IN),
                // The link reached the learner: the address receives mail again.
                suppressions.lift(profile.emailLookupKey())), () -> sessions.find(sessionToken).isPresent());
        if (!started) {
            throw Refusal.INVALID_LINK.refused();
        }
        LOG.info("session started profileId={}", profile.profileId());
        // A sign-in keeps the account: it cancels any inactivity countdown (one write per session at most).
        // After the commit, so a failure here must not turn the started session into a 503: the link
        // is used, and a retry would be refused. The next sign-in records the activity.
        try {
            activity.record(profile);
        } catch (SdkException e) {
            LOG.warn("activity not recorded profileId={} error={}", profile.profileId(), e.getClass().getName());
        }
        return new SessionStart(sessionToken.value(), now.plus(config.getSessionAbsoluteTimeout()),
                config.getSessionIdleTimeout().toSeconds());
    }

    /**
     * The learner a request's {@code Authorization: Bearer} header signs in. A missing, malformed,
     * unknown, idle, expired or revoked session gets the same 401.
     */
    public SignedIn authenticate(String authorization) {
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            throw Refusal.NOT_SIGNED_IN.refused();
        }
        OneTimeToken token = OneTimeToken.parseOr(authorization.substring(BEARER.length()).strip(),
                Refusal.NOT_SIGNED_IN::refused);
        Instant now = clock.instant();
        Duration idle = config.getSessionIdleTimeout();
        Session session = sessions.find(token)
                .filter(found -> found.isLive(now, idle))
                .orElseThrow(Refusal.NOT_SIGNED_IN::refused);
        if (!sessions.touch(token, session, now)) {
            throw Refusal.NOT_SIGNED_IN.refused();
        }
        return new SignedIn(session.profileId(), token, session.signedInAt());
    }

    public void signOut(SignedIn learner) {
        transactions.write(Writes.of(sessions.revoke(learner.sessionToken()),
                audit.record(learner.profileId(), AuditEvent.SIGNED_OUT)));
        LOG.info("session ended profileId={}", learner.profileId());
    }

    /** Ends every session of the learner, this one included: for a learner who fears a session was stolen. */
    public void signOutEverywhere(SignedIn learner) {
        // The index is eventually consistent: this session is ended by its key whether it shows there or not.
        Writes writes = Writes.of(sessions.revoke(learner.sessionToken()),
                audit.record(learner.profileId(), AuditEvent.SIGNED_OUT_EVERYWHERE));
        lookupItems.endSessions(learner.profileId(), writes);
        transactions.write(writes);
        LOG.info("every session ended profileId={}", learner.profileId());
    }
}
