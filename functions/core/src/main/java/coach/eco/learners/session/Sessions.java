package coach.eco.learners.session;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileActivity;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.LookupItemsOfProfile;
import coach.eco.learners.token.OneTimeToken;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Signed-in learners: a session starts with a sign-in, ends when idle, at its absolute expiry, or at
 * sign-out; every learner route authenticates through here. Nothing here mails.
 */
@Singleton
public class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final String BEARER = "bearer ";

    /**
     * What the learner's browser keeps after sign-in, and whether the learner, come of age, is asked for their own
     * consent ({@code POST /v1/profiles/me/own-consent}).
     */
    @Serdeable
    public record SessionStart(String sessionToken, Instant expiresAt, long idleTimeoutSeconds,
                               boolean ownConsentAsked) {
    }

    /** The signed-in learner of a request, and when they signed in (a fresh sign-in may change the email). */
    public record SignedIn(String profileId, OneTimeToken sessionToken, Instant signedInAt) {
    }

    private final SessionStore sessions;
    private final AuditLog audit;
    private final Transactions transactions;
    private final LookupItemsOfProfile lookupItems;
    private final ProfileActivity activity;
    private final LearnerConfiguration config;
    private final Clock clock;

    public Sessions(SessionStore sessions, AuditLog audit, Transactions transactions, LookupItemsOfProfile lookupItems,
                    ProfileActivity activity, LearnerConfiguration config, Clock clock) {
        this.sessions = sessions;
        this.audit = audit;
        this.transactions = transactions;
        this.lookupItems = lookupItems;
        this.activity = activity;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts a session for the confirmed learner of {@code profile}, audited, in one transaction with
     * the sign-in's own writes; empty, having written nothing, if one of those writes' conditions failed
     * (the sign-in link was used meanwhile, say).
     */
    public Optional<SessionStart> start(Profile profile, Writes signIn) {
        Instant now = clock.instant();
        OneTimeToken sessionToken = OneTimeToken.generate();
        signIn.add(sessions.create(sessionToken, profile.profileId(), now))
                .add(audit.record(profile.profileId(), AuditEvent.SIGNED_IN));
        // A commit whose answer was lost (the SDK's retry finds the link used) is recognised by the new session.
        if (!transactions.commit(profile.profileId(), signIn, () -> sessions.find(sessionToken).isPresent())) {
            return Optional.empty();
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
        return Optional.of(new SessionStart(sessionToken.value(),
                now.plus(config.getSessionAbsoluteTimeout()), config.getSessionIdleTimeout().toSeconds(),
                profile.ownConsentAskedIn(VietnamTime.yearOf(now))));
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
