package coach.eco.learners.session;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileActivity;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.LookupItemsOfProfile;
import coach.eco.learners.token.OneTimeToken;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Signed-in learners: a session starts with a sign-in, ends when idle, at its absolute expiry, or at
 * sign-out; every learner route authenticates through here. Nothing here mails. A guardian's session acts for
 * a learner under 16 on every learner route: it ends at the latest when the learner comes of age, and stops
 * working on the first use at which the guardian no longer acts for them; each change under it is recorded
 * as the guardian's.
 */
@Singleton
public class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final String BEARER = "bearer ";

    /**
     * What the learner's browser keeps after sign-in; {@code actor} is who signed in: {@code learner}, or
     * {@code guardian} acting for the learner whose profile it is; {@code ownConsentAsked}, whether the learner,
     * come of age, is asked for their own consent ({@code POST /v1/profiles/me/own-consent}).
     */
    @Serdeable
    public record SessionStart(String sessionToken, Instant expiresAt, long idleTimeoutSeconds, String actor,
                               boolean ownConsentAsked) {
    }

    /**
     * The signed-in learner of a request, when they signed in (a fresh sign-in may change the email), and who
     * acts: the learner, or their guardian.
     */
    public record SignedIn(String profileId, OneTimeToken sessionToken, Instant signedInAt, PurposeAnswer.Actor actor) {
    }

    private final SessionStore sessions;
    private final AuditLog audit;
    private final Transactions transactions;
    private final LookupItemsOfProfile lookupItems;
    private final ProfileActivity activity;
    private final ProfileStore profiles;
    private final LearnerConfiguration config;
    private final Clock clock;

    public Sessions(SessionStore sessions, AuditLog audit, Transactions transactions, LookupItemsOfProfile lookupItems,
                    ProfileActivity activity, ProfileStore profiles, LearnerConfiguration config, Clock clock) {
        this.sessions = sessions;
        this.profiles = profiles;
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
        return start(profile, PurposeAnswer.Actor.LEARNER, clock.instant().plus(config.getSessionAbsoluteTimeout()),
                Map.of(), signIn);
    }

    /**
     * Starts a session for the guardian of the learner under 16 of {@code profile}, acting for them, as
     * {@link #start(Profile, Writes)} does: it ends when the learner comes of age at the latest.
     */
    public Optional<SessionStart> startForGuardian(Profile profile, Writes signIn) {
        Instant absolute = clock.instant().plus(config.getSessionAbsoluteTimeout());
        Instant comesOfAge = profile.guardian().comesOfAgeAt();
        return start(profile, PurposeAnswer.Actor.GUARDIAN, absolute.isBefore(comesOfAge) ? absolute : comesOfAge,
                Map.of(AuditLog.ACTOR, PurposeAnswer.Actor.GUARDIAN.wireName()), signIn);
    }

    private Optional<SessionStart> start(Profile profile, PurposeAnswer.Actor actor, Instant absolute,
                                         Map<String, String> auditFacts, Writes signIn) {
        Instant now = clock.instant();
        OneTimeToken sessionToken = OneTimeToken.generate();
        signIn.add(sessions.create(sessionToken, profile.profileId(), actor, now, absolute))
                .add(audit.record(profile.profileId(), AuditEvent.SIGNED_IN, auditFacts));
        // A commit whose answer was lost (the SDK's retry finds the link used) is recognised by the new session.
        if (!transactions.commit(profile.profileId(), signIn, () -> sessions.find(sessionToken).isPresent())) {
            return Optional.empty();
        }
        LOG.info("session started profileId={} actor={}", profile.profileId(), actor.wireName());
        // A sign-in keeps the account: it cancels any inactivity countdown (one write per session at most).
        // After the commit, so a failure here must not turn the started session into a 503: the link
        // is used, and a retry would be refused. The next sign-in records the activity.
        try {
            activity.record(profile);
        } catch (SdkException e) {
            LOG.warn("activity not recorded profileId={} error={}", profile.profileId(), e.getClass().getName());
        }
        return Optional.of(new SessionStart(sessionToken.value(), absolute,
                config.getSessionIdleTimeout().toSeconds(), actor.wireName(),
                actor == PurposeAnswer.Actor.LEARNER && profile.ownConsentAskedIn(VietnamTime.yearOf(now))));
    }

    /**
     * The learner a request's {@code Authorization: Bearer} header signs in. A missing, malformed,
     * unknown, idle, expired or revoked session gets the same 401, and so does a guardian's session once the
     * guardian no longer acts for the learner (checked on every use). Under a guardian's session, every audit
     * record of the request names the guardian as its actor.
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
        if (session.actor() == PurposeAnswer.Actor.GUARDIAN && !guardianActs(session.profileId(), now)) {
            throw Refusal.NOT_SIGNED_IN.refused();
        }
        if (!sessions.touch(token, session, now)) {
            throw Refusal.NOT_SIGNED_IN.refused();
        }
        if (session.actor() != PurposeAnswer.Actor.LEARNER) {
            MDC.put(AuditLog.ACTOR, session.actor().wireName());
        }
        return new SignedIn(session.profileId(), token, session.signedInAt(), session.actor());
    }

    /** Whether the profile's guardian still acts for its learner in the year of {@code now}. */
    private boolean guardianActs(String profileId, Instant now) {
        return profiles.find(profileId).map(Profile::guardian)
                .filter(guardian -> guardian.actsIn(VietnamTime.yearOf(now))).isPresent();
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
