package coach.eco.learners.signup;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.consent.ConsentAnswers;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.mail.LinkMail;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.profile.EmailLookup;
import coach.eco.learners.profile.Guardian;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.publiclink.PublicEmailRequests;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Signup and email verification. Whatever the email, a signup does the same work (a keyed hash, an
 * encrypted profile, one transaction, one email) and its caller learns nothing: a new address gets a
 * verification link, a pending one a link for the new details (the earlier signup and its links are
 * gone), a confirmed one a note that someone tried. A learner under 16 also names a guardian, who is
 * mailed a consent link; the signup stays pending until the guardian consents and, from the age of 7,
 * the learner confirms their address (a younger child gets no mail of their own).
 */
@Singleton
public class SignupService {
    private static final Logger LOG = LoggerFactory.getLogger(SignupService.class);
    private static final LinkMails.LinkPage VERIFY_PAGE =
            new LinkMails.LinkPage(TokenPurpose.VERIFY_EMAIL, "/verify-email", "link", ChronoUnit.HOURS);
    private static final LinkMails.LinkPage GUARDIAN_PAGE =
            new LinkMails.LinkPage(TokenPurpose.GUARDIAN_CONSENT, "/guardian-consent", "link", ChronoUnit.HOURS);

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

    private final PublicEmailRequests requests;
    private final ProfileStore profiles;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final LinkMails mails;
    private final ConsentAnswers consents;
    private final ConsentPurposeStore purposes;
    private final LearnerConfiguration config;
    private final Clock clock;

    public SignupService(PublicEmailRequests requests, ProfileStore profiles, TokenStore tokens, AuditLog audit,
                         LinkMails mails, ConsentAnswers consents, ConsentPurposeStore purposes,
                         LearnerConfiguration config, Clock clock) {
        this.requests = requests;
        this.profiles = profiles;
        this.tokens = tokens;
        this.audit = audit;
        this.mails = mails;
        this.consents = consents;
        this.purposes = purposes;
        this.config = config;
        this.clock = clock;
    }

    public void signup(NewLearner learner) {
        // Before anything else: a refused signup stores and sends nothing, whatever its email.
        consents.checkKnown(learner.consents().keySet());
        requests.run(TokenPurpose.VERIFY_EMAIL, learner.email(), request -> {
            // Every signup mails the address: past its address's hourly limit, or once the hour's
            // signup mail is spent, nothing is written or sent.
            if (!request.withinLimit()) {
                LOG.info("signup over the hourly mail limit of its email; nothing sent");
                return;
            }
            // A minor's signup mails the guardian's address too, which has its own hourly limit.
            if (learner.minor() != null && !requests.withinLimitOf(TokenPurpose.GUARDIAN_CONSENT,
                    learner.minor().guardianEmail(), request.at())) {
                LOG.info("signup over the hourly mail limit of its guardian's email; nothing sent");
                return;
            }
            if (!request.spendMail()) {
                return;
            }
            store(learner, request.emailLookupKey());
        });
    }

    private void store(NewLearner learner, String emailKey) {
        // Two tries: the email's holder can lapse, verify or sign up again between a failed write and
        // the lookup after it.
        for (int attempt = 0; attempt < 2; attempt++) {
            Instant now = clock.instant();
            Instant expiresAt = now.plus(config.getVerificationLinkTtl());
            Guardian guardian = learner.minor() == null ? null
                    : Guardian.named(learner.minor().birthYear(), learner.minor().guardianEmail());
            Profile pending = Profile.pending(UUID.randomUUID().toString(), learner.fullName(), learner.phone(),
                    learner.email(), emailKey,
                    consents.given(learner.consents(), PurposeAnswer.Channel.SIGNUP_FORM, now),
                    now, expiresAt, guardian);
            List<LinkMail> confirmations = confirmationMails(pending, expiresAt);
            TransactWriteItem created = audit.record(pending.profileId(), AuditEvent.PROFILE_CREATED);
            if (profiles.createPending(pending, writes(confirmations, created))) {
                LOG.info("profile created pending verification profileId={}", pending.profileId());
                confirmations.forEach(LinkMail::send);
                return;
            }
            Optional<EmailLookup> holder = profiles.findOwner(emailKey, now);
            if (holder.isPresent() && holder.get().status() == ProfileStatus.SUSPENDED) {
                // A suspended profile gets no mail at all; the caller's answer is the same.
                LOG.info("signup attempted for a suspended profile profileId={}", holder.get().profileId());
                return;
            }
            if (holder.isPresent() && holder.get().status() != ProfileStatus.PENDING_VERIFICATION) {
                LOG.info("signup attempted for an existing profile profileId={}", holder.get().profileId());
                mails.mail(learner.email(), MailTemplate.SIGNUP_ATTEMPT, Map.of("signInUrl", mails.page("/sign-in")))
                        .send();
                return;
            }
            // Not confirmed yet: whoever proves the address decides what is stored and consented to,
            // so the latest signup replaces the earlier one, whose links die with it.
            if (holder.isPresent() && profiles.replacePending(holder.get(), pending, writes(confirmations, created))) {
                LOG.info("pending signup replaced profileId={} replacedProfileId={}",
                        pending.profileId(), holder.get().profileId());
                confirmations.forEach(LinkMail::send);
                return;
            }
        }
        // Signups for one address at the same instant: one of them stands and mails its link.
        LOG.info("signup raced with another for the same email; the other stands");
    }

    /**
     * The mails a pending signup needs: the learner's verification link, unless the learner is a child under
     * 7, and, for a learner under 16, the guardian's consent link.
     */
    private List<LinkMail> confirmationMails(Profile pending, Instant expiresAt) {
        List<LinkMail> confirmations = new ArrayList<>();
        Guardian guardian = pending.guardian();
        if (guardian == null || guardian.learnerMustConfirm(thisYear(pending.createdAt()))) {
            confirmations.add(mails.mail(pending.email(), MailTemplate.VERIFY_EMAIL, Map.of())
                    .link(VERIFY_PAGE, pending.profileId(), null, expiresAt));
        }
        if (guardian != null) {
            confirmations.add(mails.mail(guardian.email(), MailTemplate.GUARDIAN_CONSENT, Map.of(
                            "fullName", pending.fullName().value(),
                            "purposes", purposes.all().stream()
                                    .map(purpose -> Map.of("nameVi", purpose.nameVi(), "nameEn", purpose.nameEn()))
                                    .toList(),
                            "inactivityMonths", config.getInactivityPeriod().toTotalMonths()))
                    .link(GUARDIAN_PAGE, pending.profileId(), null, expiresAt));
        }
        return confirmations;
    }

    /** The writes a signup adds to its profile's: its links' tokens and the audit record. */
    private static Writes writes(List<LinkMail> confirmations, TransactWriteItem created) {
        Writes writes = new Writes();
        confirmations.forEach(mail -> mail.writeTokens(writes));
        return writes.add(created);
    }

    private static int thisYear(Instant now) {
        return VietnamTime.dateOf(now).getYear();
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
        if (pending.guardian() == null) {
            return confirmed(pending, pending, writes);
        }
        return confirmed(pending, pending.withLearnerConfirmed(now), writes);
    }

    /**
     * Records the consent of a learner's guardian, given through the link mailed to them: their answer to
     * every purpose the centre asks about, under the policy version in force, with the guardian as actor.
     * The profile becomes active if the learner's own confirmation is in or not needed.
     */
    public Confirmation consentAsGuardian(GuardianConsentForm form) {
        OneTimeToken token = OneTimeToken.parseOr(form.token(), Refusal.INVALID_LINK::refused);
        consents.checkKnown(form.consents().keySet());
        checkGuardianAnswers(form);
        Instant now = clock.instant();
        Profile pending = Optional.of(pendingOf(TokenPurpose.GUARDIAN_CONSENT, token, now))
                .filter(Profile::awaitsGuardian)
                .orElseThrow(Refusal.INVALID_LINK::refused);
        Profile consented = pending.withGuardianConsent(consents.given(form.consents(), PurposeAnswer.Channel.MAIL_LINK,
                PurposeAnswer.Actor.GUARDIAN, now), now);
        return confirmed(pending, consented, Writes.of(
                tokens.consume(TokenPurpose.GUARDIAN_CONSENT, token, pending.profileId()),
                audit.record(pending.profileId(), AuditEvent.GUARDIAN_CONSENTED)));
    }

    /** The guardian read the policy version in force and answered every purpose: consent is never by silence. */
    private void checkGuardianAnswers(GuardianConsentForm form) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> inForce = consents.policyVersionInForce();
        if (inForce.isPresent() && form.policyVersion() == null) {
            errors.add(new FieldError("policyVersion", FieldCode.REQUIRED));
        } else if (!Objects.equals(inForce.orElse(null), form.policyVersion())) {
            errors.add(new FieldError("policyVersion", FieldCode.INCONSISTENT, "policy-in-force"));
        }
        if (!form.consents().keySet().containsAll(purposes.all().stream().map(ConsentPurpose::purposeId).toList())) {
            errors.add(new FieldError("consents", FieldCode.REQUIRED, "every-purpose"));
        }
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
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
     * pending otherwise. A link used meanwhile, or a concurrent confirmation, refuses it as a used link.
     */
    private Confirmation confirmed(Profile pending, Profile next, Writes writes) {
        Guardian guardian = next.guardian();
        Instant now = clock.instant();
        if (guardian != null && !guardian.confirmationsComplete(thisYear(now))) {
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
