package coach.eco.learners.signup;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.consent.ConsentAnswers;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.profile.Guardian;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The confirmations a pending signup waits for, each by its one-time link: the learner's address, and, for a
 * learner under 16, the guardian's consent; from the age of 7 both are needed, in either order. The profile
 * becomes active with the last one needed.
 */
@Singleton
public class SignupConfirmations {
    private static final Logger LOG = LoggerFactory.getLogger(SignupConfirmations.class);

    /** Where a signup stands after a confirmation. */
    public enum Confirmation {
        /** Every confirmation it needs is in: the profile is active. */
        ACTIVE,
        /** A minor's signup whose guardian has not consented yet. */
        AWAITING_GUARDIAN,
        /** A minor's signup the guardian consented to, whose learner has not confirmed their address yet. */
        AWAITING_LEARNER;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final ProfileStore profiles;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final ConsentAnswers consents;
    private final Clock clock;

    public SignupConfirmations(ProfileStore profiles, TokenStore tokens, AuditLog audit, ConsentAnswers consents,
                               Clock clock) {
        this.profiles = profiles;
        this.tokens = tokens;
        this.audit = audit;
        this.consents = consents;
        this.clock = clock;
    }

    /**
     * Confirms the email behind a verification token and activates its profile, or, for a learner under 16
     * whose guardian has not consented yet, records the confirmation and keeps the profile pending.
     */
    public Confirmation verify(String rawToken) {
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        Instant now = clock.instant();
        Profile pending = pendingOf(TokenPurpose.VERIFY_EMAIL, token, now);
        Writes writes = Writes.of(tokens.consume(TokenPurpose.VERIFY_EMAIL, token, pending.profileId()),
                audit.record(pending.profileId(), AuditEvent.EMAIL_VERIFIED));
        return confirmed(pending, pending.guardian() == null ? pending : pending.withLearnerConfirmed(now), writes, now);
    }

    /**
     * Records the consent of a learner's guardian, given through the link mailed to them: their answer to
     * every purpose the centre asks about, under the policy version in force, with the guardian as actor.
     * The profile becomes active if the learner's own confirmation is in or not needed.
     */
    public Confirmation consentAsGuardian(GuardianConsentForm form) {
        OneTimeToken token = OneTimeToken.parseOr(form.token(), Refusal.INVALID_LINK::refused);
        consents.checkKnown(form.consents().keySet());
        consents.checkEveryPurposeAnswered(form.policyVersion(), form.consents());
        Instant now = clock.instant();
        Profile pending = Optional.of(pendingOf(TokenPurpose.GUARDIAN_CONSENT, token, now))
                .filter(Profile::awaitsGuardian)
                .orElseThrow(Refusal.INVALID_LINK::refused);
        Profile consented = pending.withGuardianConsent(consents.given(form.consents(), PurposeAnswer.Channel.MAIL_LINK,
                PurposeAnswer.Actor.GUARDIAN, now), now);
        return confirmed(pending, consented, Writes.of(
                tokens.consume(TokenPurpose.GUARDIAN_CONSENT, token, pending.profileId()),
                audit.record(pending.profileId(), AuditEvent.GUARDIAN_CONSENTED)), now);
    }

    /** The pending, unexpired profile a link of {@code purpose} was sent for. */
    private Profile pendingOf(TokenPurpose purpose, OneTimeToken token, Instant now) {
        return tokens.find(purpose, token)
                .flatMap(grant -> profiles.find(grant.profileId()))
                .filter(profile -> profile.status() == ProfileStatus.PENDING_VERIFICATION)
                .filter(profile -> profile.expiresAt() == null || profile.expiresAt().isAfter(now))
                .orElseThrow(Refusal.INVALID_LINK::refused);
    }

    /**
     * Writes a confirmation: the profile becomes {@code next}, active if every confirmation it needs is in,
     * pending otherwise, judged in the year of the instant the confirmation is recorded at. A link used
     * meanwhile, or a concurrent confirmation, refuses it as a used link.
     */
    private Confirmation confirmed(Profile pending, Profile next, Writes writes, Instant now) {
        Guardian guardian = next.guardian();
        if (guardian != null && !guardian.confirmationsComplete(VietnamTime.yearOf(now))) {
            if (!profiles.replace(pending, next, writes)) {
                throw Refusal.INVALID_LINK.refused();
            }
            LOG.info("minor's signup confirmation recorded profileId={}", pending.profileId());
            return guardian.consentedAt() == null ? Confirmation.AWAITING_GUARDIAN : Confirmation.AWAITING_LEARNER;
        }
        if (!profiles.activate(pending, next, writes)) {
            throw Refusal.INVALID_LINK.refused();
        }
        LOG.info("profile verified profileId={}", pending.profileId());
        return Confirmation.ACTIVE;
    }
}
