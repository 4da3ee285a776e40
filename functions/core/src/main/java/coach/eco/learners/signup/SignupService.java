package coach.eco.learners.signup;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.consent.PolicyInForce;
import coach.eco.learners.consent.MarketingConsent;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.publiclink.ResponseFloor;
import coach.eco.learners.mail.LinkRateLimit;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Mailer;
import coach.eco.learners.mail.WebsiteLinks;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.EmailLookup;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    private final ProfileStore profiles;
    private final TokenStore tokens;
    private final EmailLookupKeys emailKeys;
    private final Mailer mailer;
    private final Clock clock;
    private final LearnerConfiguration config;
    private final PolicyInForce policyInForce;
    private final AuditLog audit;
    private final WebsiteLinks links;
    private final ResponseFloor responseFloor;
    private final LinkRateLimit mailBudget;

    public SignupService(ProfileStore profiles, TokenStore tokens, EmailLookupKeys emailKeys, Mailer mailer,
                         Clock clock, LearnerConfiguration config, AuditLog audit, WebsiteLinks links,
                         ResponseFloor responseFloor, LinkRateLimit mailBudget, PolicyInForce policyInForce) {
        this.policyInForce = policyInForce;
        this.mailBudget = mailBudget;
        this.responseFloor = responseFloor;
        this.audit = audit;
        this.links = links;
        this.profiles = profiles;
        this.tokens = tokens;
        this.emailKeys = emailKeys;
        this.mailer = mailer;
        this.clock = clock;
        this.config = config;
    }

    public void signup(NewLearner learner) {
        responseFloor.run(() -> store(learner));
    }

    private void store(NewLearner learner) {
        String emailKey = emailKeys.lookupKeyOf(learner.email());
        // Every signup mails the address: past its hourly budget, nothing is written or sent.
        if (!mailBudget.allow(TokenPurpose.VERIFY_EMAIL, emailKey, clock.instant())) {
            LOG.info("signup over the hourly mail limit of its email; nothing sent");
            return;
        }
        // Two tries: the email's holder can lapse, verify or sign up again between a failed write and
        // the lookup after it.
        for (int attempt = 0; attempt < 2; attempt++) {
            Instant now = clock.instant();
            Instant expiresAt = now.plus(config.getVerificationLinkTtl());
            Profile pending = Profile.pending(UUID.randomUUID().toString(), learner.fullName(), learner.phone(),
                    learner.email(), emailKey,
                    new MarketingConsent(learner.marketingConsent(), policyInForce.versionId().orElse(null), now),
                    now, expiresAt);
            OneTimeToken token = OneTimeToken.generate();
            TransactWriteItem tokenWrite = tokens.put(TokenPurpose.VERIFY_EMAIL, token, pending.profileId(), expiresAt);
            TransactWriteItem created = audit.record(pending.profileId(), AuditEvent.PROFILE_CREATED);
            if (profiles.createPending(pending, Writes.of(tokenWrite, created))) {
                LOG.info("profile created pending verification profileId={}", pending.profileId());
                sendVerification(pending.email(), token, expiresAt);
                return;
            }
            Optional<EmailLookup> holder = profiles.findOwner(emailKey, now);
            if (holder.isPresent() && holder.get().status() != ProfileStatus.PENDING_VERIFICATION) {
                LOG.info("signup attempted for an existing profile profileId={}", holder.get().profileId());
                mailer.send(learner.email(), MailTemplate.SIGNUP_ATTEMPT, Map.of("signInUrl", links.page("/sign-in")));
                return;
            }
            // Not confirmed yet: whoever proves the address decides what is stored and consented to,
            // so the latest signup replaces the earlier one, whose links die with it.
            if (holder.isPresent() && profiles.replacePending(holder.get(), pending, Writes.of(tokenWrite, created))) {
                LOG.info("pending signup replaced profileId={} replacedProfileId={}",
                        pending.profileId(), holder.get().profileId());
                sendVerification(pending.email(), token, expiresAt);
                return;
            }
        }
        // Signups for one address at the same instant: one of them stands and mails its link.
        LOG.info("signup raced with another for the same email; the other stands");
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

    private void sendVerification(EmailAddress to, OneTimeToken token, Instant expiresAt) {
        long secondsLeft = Duration.between(clock.instant(), expiresAt).toSeconds();
        long validHours = Math.max(1, (secondsLeft + 3599) / 3600);
        mailer.send(to, MailTemplate.VERIFY_EMAIL, Map.of(
                "link", links.page("/verify-email", token),
                "validHours", validHours));
    }
}
