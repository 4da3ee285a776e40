package coach.eco.learners.signup;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.consent.ConsentAnswers;
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
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.TokenPurpose;
import io.micronaut.core.annotation.Nullable;
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
import java.util.Optional;
import java.util.UUID;

/**
 * Signup. Whatever the email, a signup does the same work (a keyed hash, an
 * encrypted profile, one transaction, one email) and its caller learns nothing: a new address gets a
 * verification link, a pending one a link for the new details (the earlier signup and its links are
 * gone), a confirmed one a note that someone tried. A learner under 16 also names a guardian, who is
 * mailed a consent link; a child under 7 gets no mail of their own ({@link SignupConfirmations}).
 */
@Singleton
public class SignupService {
    private static final Logger LOG = LoggerFactory.getLogger(SignupService.class);
    private static final LinkMails.LinkPage VERIFY_PAGE =
            new LinkMails.LinkPage(TokenPurpose.VERIFY_EMAIL, "/verify-email", "link", ChronoUnit.HOURS);
    private static final LinkMails.LinkPage GUARDIAN_PAGE =
            new LinkMails.LinkPage(TokenPurpose.GUARDIAN_CONSENT, "/guardian-consent", "link", ChronoUnit.HOURS);

    private final PublicEmailRequests requests;
    private final ProfileStore profiles;
    private final AuditLog audit;
    private final LinkMails mails;
    private final ConsentAnswers consents;
    private final LearnerConfiguration config;
    private final Clock clock;

    public SignupService(PublicEmailRequests requests, ProfileStore profiles, AuditLog audit, LinkMails mails,
                         ConsentAnswers consents, LearnerConfiguration config, Clock clock) {
        this.requests = requests;
        this.profiles = profiles;
        this.audit = audit;
        this.mails = mails;
        this.consents = consents;
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
            Optional<String> guardianKey = learner.minor() == null ? Optional.empty()
                    : requests.withinLimitOf(TokenPurpose.GUARDIAN_CONSENT, learner.minor().guardianEmail(),
                            request.at());
            if (learner.minor() != null && guardianKey.isEmpty()) {
                LOG.info("signup over the hourly mail limit of its guardian's email; nothing sent");
                return;
            }
            if (!request.spendMail()) {
                return;
            }
            store(learner, request.emailLookupKey(), guardianKey.orElse(null));
        });
    }

    private void store(NewLearner learner, String emailKey, @Nullable String guardianKey) {
        // Two tries: the email's holder can lapse, verify or sign up again between a failed write and
        // the lookup after it.
        for (int attempt = 0; attempt < 2; attempt++) {
            Instant now = clock.instant();
            Instant expiresAt = now.plus(config.getVerificationLinkTtl());
            Guardian guardian = learner.minor() == null ? null
                    : Guardian.named(learner.minor().birthYear(), learner.minor().guardianEmail(), guardianKey);
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
        if (guardian == null || guardian.learnerMustConfirm(VietnamTime.yearOf(pending.createdAt()))) {
            confirmations.add(mails.mail(pending.email(), MailTemplate.VERIFY_EMAIL, Map.of())
                    .link(VERIFY_PAGE, pending.profileId(), null, expiresAt));
        }
        if (guardian != null) {
            confirmations.add(mails.mail(guardian.email(), MailTemplate.GUARDIAN_CONSENT, Map.of(
                            "fullName", pending.fullName().value(),
                            "purposes", consents.purposes().stream()
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
}
