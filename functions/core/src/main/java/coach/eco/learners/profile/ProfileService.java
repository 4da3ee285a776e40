package coach.eco.learners.profile;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.consent.PolicyInForce;
import coach.eco.learners.consent.MarketingConsent;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.mail.LinkRateLimit;
import coach.eco.learners.outbox.MailOutbox;
import coach.eco.learners.token.LookupItemsOfProfile;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in learner's own profile: read it all, change it at once (with the version they read),
 * and move it to a new email address once that address confirms.
 */
@Singleton
public class ProfileService {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileService.class);

    private final ProfileStore profiles;
    private final TokenStore tokens;
    private final EmailLookupKeys emailKeys;
    private final AuditLog audit;
    private final LearnerConfiguration config;
    private final PolicyInForce policyInForce;
    private final Clock clock;
    private final LinkRateLimit mailBudget;
    private final LookupItemsOfProfile lookupItems;
    private final MailOutbox outbox;
    private final EmailChangeMail emailChangeMail;
    private final EmailChangeUndoMail undoMailOf;

    public ProfileService(ProfileStore profiles, TokenStore tokens, EmailLookupKeys emailKeys,
                          AuditLog audit, LearnerConfiguration config, Clock clock,
                          LinkRateLimit mailBudget, LookupItemsOfProfile lookupItems, PolicyInForce policyInForce,
                          MailOutbox outbox, EmailChangeMail emailChangeMail, EmailChangeUndoMail undoMailOf) {
        this.undoMailOf = undoMailOf;
        this.policyInForce = policyInForce;
        this.lookupItems = lookupItems;
        this.outbox = outbox;
        this.emailChangeMail = emailChangeMail;
        this.mailBudget = mailBudget;
        this.profiles = profiles;
        this.tokens = tokens;
        this.emailKeys = emailKeys;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
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
     * confirmation, and the answer is the same whether or not another learner owns that address.
     */
    public Profile edit(String profileId, Instant signedInAt, long expectedVersion, ProfileEdit.Changes changes) {
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
        MarketingConsent consent = null;
        if (changes.marketingConsent() != null) {
            consent = new MarketingConsent(changes.marketingConsent(), policyInForce.versionId().orElse(null), now);
            alongside.add(audit.record(profileId, AuditEvent.MARKETING_CONSENT_CHANGED));
        }
        EmailAddress newEmail = changes.email();
        String newKey = null;
        if (newEmail != null && newEmail.normalized().equals(current.email().normalized())) {
            newEmail = null;
        }
        if (newEmail != null) {
            newKey = emailKeys.lookupKeyOf(newEmail);
            if (!mailBudget.allow(TokenPurpose.CHANGE_EMAIL, newKey, now)) {
                throw Refusal.TOO_MANY_EMAILS.refused();
            }
            alongside.add(audit.record(profileId, AuditEvent.EMAIL_CHANGE_REQUESTED));
        }
        Profile next = current.edited(name, phone, consent, newEmail, newKey, now);
        MailOutbox.Entry mail = newEmail == null ? null : emailChangeMail.entryFor(profileId, next);
        if (mail != null) {
            alongside.add(outbox.put(mail));
        }
        if (!profiles.replace(current, next, alongside)) {
            throw Refusal.STALE_VERSION.refused();
        }
        // Committed: the mail to the new address follows, now or from the outbox.
        if (mail != null) {
            emailChangeMail.deliverNow(outbox, profileId, next);
        }
        LOG.info("profile updated profileId={} version={}", profileId, next.version());
        return next;
    }

    /**
     * Makes the address behind an email-change link the learner's email, and tells the old address.
     * Every session and every earlier link of the profile ends with it: whoever had the account
     * before the change, by a stolen session say, has it no longer.
     */
    public void confirmEmailChange(String rawToken) {
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        var grant = tokens.find(TokenPurpose.CHANGE_EMAIL, token).orElseThrow(Refusal.INVALID_LINK::refused);
        Profile current = profiles.find(grant.profileId())
                .filter(profile -> profile.status() == ProfileStatus.ACTIVE)
                // A later change of mind (another new address) voids the earlier links.
                .filter(profile -> Objects.equals(profile.pendingEmailLookupKey(),
                        grant.boundTo(EmailChangeMail.PENDING_EMAIL_KEY)))
                .orElseThrow(Refusal.INVALID_LINK::refused);
        // Within an undo window the address before its first change stays the one to go back to, so a
        // second change (by whoever took the account) cannot move the undo link away from the owner.
        PreviousEmail previous = profiles.findPreviousEmail(current.profileId())
                .filter(kept -> !kept.emailLookupKey().equals(current.pendingEmailLookupKey()))
                .orElse(null);
        Writes alongside = new Writes();
        if (previous == null) {
            previous = new PreviousEmail(current.email(), current.emailLookupKey(),
                    clock.instant().plus(config.getEmailChangeUndoWindow()));
            alongside.add(profiles.keepPreviousEmail(current.profileId(), previous));
        }
        MailOutbox.Entry undoMail = undoMailOf.entryFor(current.profileId(), previous);
        alongside.add(outbox.put(undoMail));
        alongside.add(audit.record(current.profileId(), AuditEvent.EMAIL_CHANGED));
        alongside.add(tokens.consume(TokenPurpose.CHANGE_EMAIL, token, current.profileId()));
        lookupItems.endSessionsAndLinks(current.profileId(), alongside);
        if (!profiles.confirmPendingEmail(current, alongside)) {
            throw Refusal.INVALID_LINK.refused();
        }
        PreviousEmail replaced = previous;
        undoMailOf.deliverNow(outbox, current.profileId(), replaced);
        LOG.info("email changed profileId={}", current.profileId());
    }

    /**
     * Puts back the address an email change replaced, from the link sent to it, while the undo window
     * lasts: every session and every earlier link of the profile ends, as on a confirmed change, so
     * whoever changed the address with a stolen session is out.
     */
    public void undoEmailChange(String rawToken) {
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        var grant = tokens.find(TokenPurpose.UNDO_EMAIL_CHANGE, token).orElseThrow(Refusal.INVALID_LINK::refused);
        Profile current = profiles.find(grant.profileId())
                .filter(Profile::isConfirmed)
                .orElseThrow(Refusal.INVALID_LINK::refused);
        PreviousEmail previous = profiles.findPreviousEmail(current.profileId())
                .filter(kept -> kept.emailLookupKey().equals(grant.boundTo(EmailChangeUndoMail.PREVIOUS_EMAIL_KEY)))
                .filter(kept -> !kept.emailLookupKey().equals(current.emailLookupKey()))
                .orElseThrow(Refusal.INVALID_LINK::refused);
        if (profiles.findOwner(previous.emailLookupKey(), clock.instant()).isPresent()) {
            throw Refusal.EMAIL_TAKEN.refused();
        }
        Writes alongside = Writes.of(audit.record(current.profileId(), AuditEvent.EMAIL_CHANGE_UNDONE),
                tokens.consume(TokenPurpose.UNDO_EMAIL_CHANGE, token, current.profileId()));
        lookupItems.endSessionsAndLinks(current.profileId(), alongside);
        if (!profiles.restoreEmail(current, previous, alongside)) {
            // The link was used meanwhile, the profile changed, or someone claimed the address first.
            if (profiles.findOwner(previous.emailLookupKey(), clock.instant()).isPresent()) {
                throw Refusal.EMAIL_TAKEN.refused();
            }
            throw Refusal.INVALID_LINK.refused();
        }
        LOG.info("email change undone profileId={}", current.profileId());
    }
}
