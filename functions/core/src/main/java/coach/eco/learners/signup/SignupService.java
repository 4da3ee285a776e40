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
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.publiclink.PublicEmailRequests;
import coach.eco.learners.refusal.Refusal;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Signup and email verification. Whatever the email, a signup does the same work (a keyed hash, an
 * encrypted profile, one transaction, one email) and its caller learns nothing: a new address gets a
 * verification link, a pending one a link for the new details (the earlier signup and its links are
 * gone), a confirmed one a note that someone tried.
 */
@Singleton
public class SignupService {
    private static final Logger LOG = LoggerFactory.getLogger(SignupService.class);
    private static final LinkMails.LinkPage VERIFY_PAGE =
            new LinkMails.LinkPage(TokenPurpose.VERIFY_EMAIL, "/verify-email", "link", ChronoUnit.HOURS);

    private final PublicEmailRequests requests;
    private final ProfileStore profiles;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final LinkMails mails;
    private final ConsentAnswers consents;
    private final LearnerConfiguration config;
    private final Clock clock;

    public SignupService(PublicEmailRequests requests, ProfileStore profiles, TokenStore tokens, AuditLog audit,
                         LinkMails mails, ConsentAnswers consents, LearnerConfiguration config, Clock clock) {
        this.requests = requests;
        this.profiles = profiles;
        this.tokens = tokens;
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
            Profile pending = Profile.pending(UUID.randomUUID().toString(), learner.fullName(), learner.phone(),
                    learner.email(), emailKey,
                    consents.given(learner.consents(), PurposeAnswer.Channel.SIGNUP_FORM, now),
                    now, expiresAt);
            LinkMail verification = mails.mail(pending.email(), MailTemplate.VERIFY_EMAIL, Map.of())
                    .link(VERIFY_PAGE, pending.profileId(), null, expiresAt);
            TransactWriteItem created = audit.record(pending.profileId(), AuditEvent.PROFILE_CREATED);
            if (profiles.createPending(pending, writes(verification, created))) {
                LOG.info("profile created pending verification profileId={}", pending.profileId());
                verification.send();
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
            if (holder.isPresent() && profiles.replacePending(holder.get(), pending, writes(verification, created))) {
                LOG.info("pending signup replaced profileId={} replacedProfileId={}",
                        pending.profileId(), holder.get().profileId());
                verification.send();
                return;
            }
        }
        // Signups for one address at the same instant: one of them stands and mails its link.
        LOG.info("signup raced with another for the same email; the other stands");
    }

    /** The writes a signup adds to its profile's: the verification link's token and the audit record. */
    private static Writes writes(LinkMail verification, TransactWriteItem created) {
        Writes writes = new Writes();
        verification.writeTokens(writes);
        return writes.add(created);
    }

    /** Confirms the email behind a verification token and activates its profile. */
    public void verify(String rawToken) {
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        Instant now = clock.instant();
        Profile pending = tokens.find(TokenPurpose.VERIFY_EMAIL, token)
                .flatMap(grant -> profiles.find(grant.profileId()))
                .filter(profile -> profile.status() == ProfileStatus.PENDING_VERIFICATION)
                .filter(profile -> profile.expiresAt() == null || profile.expiresAt().isAfter(now))
                .orElseThrow(Refusal.INVALID_LINK::refused);
        if (!profiles.activate(pending, Writes.of(tokens.consume(TokenPurpose.VERIFY_EMAIL, token, pending.profileId()),
                audit.record(pending.profileId(), AuditEvent.EMAIL_VERIFIED)))) {
            throw Refusal.INVALID_LINK.refused();
        }
        LOG.info("profile verified profileId={}", pending.profileId());
    }
}
