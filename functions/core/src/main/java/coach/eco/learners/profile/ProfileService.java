package coach.eco.learners.profile;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.consent.ConsentAnswers;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.mail.LinkRateLimit;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A signed-in learner's own profile: read it all, and change it at once (with the version they read);
 * a new email address waits for its confirmation ({@link EmailChange}).
 */
@Singleton
public class ProfileService {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileService.class);

    private final ProfileStore profiles;
    private final EmailLookupKeys emailKeys;
    private final AuditLog audit;
    private final LearnerConfiguration config;
    private final Clock clock;
    private final LinkRateLimit mailBudget;
    private final EmailChangeMail emailChangeMail;
    private final ConsentAnswers consents;

    public ProfileService(ProfileStore profiles, EmailLookupKeys emailKeys, AuditLog audit,
                          LearnerConfiguration config, Clock clock, LinkRateLimit mailBudget,
                          ConsentAnswers consents, EmailChangeMail emailChangeMail) {
        this.profiles = profiles;
        this.emailKeys = emailKeys;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
        this.mailBudget = mailBudget;
        this.emailChangeMail = emailChangeMail;
        this.consents = consents;
    }

    public Profile read(String profileId) {
        // A session outliving its profile is no session: the same answer as any other invalid one.
        return profiles.find(profileId)
                .filter(Profile::isConfirmed)
                .orElseThrow(Refusal.NOT_SIGNED_IN::refused);
    }

    /**
     * Applies the learner's changes if the profile is still at {@code expectedVersion}; otherwise
     * 412 and nothing changes. Name, phone and consent change at once; a new email waits for its
     * confirmation, and the answer is the same whether or not another learner owns that address. Each
     * consent answer is recorded with the channel it came through: the learner's profile, or staff, and as
     * {@code actor}'s: the learner's, or their guardian's, signed in for them.
     */
    public Profile edit(String profileId, Instant signedInAt, long expectedVersion, ProfileEdit.Changes changes,
                        PurposeAnswer.Channel channel, PurposeAnswer.Actor actor) {
        consents.checkKnown(changes.consents().keySet());
        // A stolen session alone must not be enough to take the account: the email needs a fresh sign-in.
        if (changes.email() != null && signedInAt.plus(config.getEmailChangeSignInWindow()).isBefore(clock.instant())) {
            throw Refusal.SIGN_IN_AGAIN.refused();
        }
        Profile current = read(profileId);
        if (current.version() != expectedVersion) {
            throw Refusal.STALE_VERSION.refused();
        }
        if (current.deletionRequest() != null) {
            throw Refusal.DELETION_REQUESTED.refused();
        }
        Instant now = clock.instant();
        Writes alongside = new Writes();
        FullName name = changes.fullName() == null ? current.fullName() : changes.fullName();
        PhoneNumber phone = changes.phone() == null ? current.phone() : changes.phone();
        if (!name.equals(current.fullName())) {
            alongside.add(audit.record(profileId, AuditEvent.NAME_CHANGED));
        }
        if (!phone.equals(current.phone())) {
            alongside.add(audit.record(profileId, AuditEvent.PHONE_CHANGED));
        }
        List<PurposeAnswer> answers = consents.given(changes.consents(), channel, actor, now);
        if (changes.consents().containsKey(ConsentPurpose.NEWS_AND_OFFERS)) {
            alongside.add(audit.record(profileId, AuditEvent.MARKETING_CONSENT_CHANGED));
        }
        if (answers.stream().anyMatch(answer -> !answer.purposeId().equals(ConsentPurpose.NEWS_AND_OFFERS))) {
            alongside.add(audit.record(profileId, AuditEvent.PURPOSE_CONSENT_CHANGED));
        }
        EmailAddress newEmail = changes.email();
        String newKey = null;
        if (newEmail != null && newEmail.normalized().equals(current.email().normalized())) {
            newEmail = null;
        }
        if (newEmail != null) {
            newKey = emailKeys.lookupKeyOf(newEmail);
            if (!mailBudget.withinAddressLimit(TokenPurpose.CHANGE_EMAIL, newKey, now)
                    || !mailBudget.spend(TokenPurpose.CHANGE_EMAIL, now)) {
                throw Refusal.TOO_MANY_EMAILS.refused();
            }
            alongside.add(audit.record(profileId, AuditEvent.EMAIL_CHANGE_REQUESTED));
        }
        Profile next = current.edited(name, phone, answers, newEmail, newKey, now);
        if (newEmail != null) {
            alongside.add(emailChangeMail.outboxEntry(profileId, next));
        }
        if (!profiles.replace(current, next, alongside)) {
            throw Refusal.STALE_VERSION.refused();
        }
        // Committed: the mail to the new address follows, now or from the outbox.
        if (newEmail != null) {
            emailChangeMail.deliverNow(profileId, next);
        }
        LOG.info("profile updated profileId={} version={}", profileId, next.version());
        return next;
    }
}
