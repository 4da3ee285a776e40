package coach.eco.learners.profile;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.token.LookupItemsOfProfile;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;

/**
 * A learner's email change, once the new address's link confirms it, and its undo from the link sent
 * to the old address. Either way every session and every earlier link of the profile ends: whoever
 * had the account by a stolen session has it no longer.
 */
@Singleton
public class EmailChange {
    private static final Logger LOG = LoggerFactory.getLogger(EmailChange.class);

    private final ProfileStore profiles;
    private final TokenStore tokens;
    private final LookupItemsOfProfile lookupItems;
    private final AuditLog audit;
    private final EmailChangeUndoMail undoMail;
    private final LearnerConfiguration config;
    private final Clock clock;

    public EmailChange(ProfileStore profiles, TokenStore tokens, LookupItemsOfProfile lookupItems, AuditLog audit,
                       EmailChangeUndoMail undoMail, LearnerConfiguration config, Clock clock) {
        this.profiles = profiles;
        this.tokens = tokens;
        this.lookupItems = lookupItems;
        this.audit = audit;
        this.undoMail = undoMail;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Makes the address behind an email-change link the learner's email, and tells the old address.
     * Every session and every earlier link of the profile ends with it: whoever had the account
     * before the change, by a stolen session say, has it no longer.
     */
    public void confirm(String rawToken) {
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
        alongside.add(undoMail.outboxEntry(current.profileId(), previous));
        alongside.add(audit.record(current.profileId(), AuditEvent.EMAIL_CHANGED));
        alongside.add(tokens.consume(TokenPurpose.CHANGE_EMAIL, token, current.profileId()));
        lookupItems.endSessionsAndLinks(current.profileId(), alongside);
        if (!profiles.confirmPendingEmail(current, alongside)) {
            throw Refusal.INVALID_LINK.refused();
        }
        undoMail.deliverNow(current.profileId(), previous);
        LOG.info("email changed profileId={}", current.profileId());
    }

    /**
     * Puts back the address an email change replaced, from the link sent to it, while the undo window
     * lasts: every session and every earlier link of the profile ends, as on a confirmed change, so
     * whoever changed the address with a stolen session is out.
     */
    public void undo(String rawToken) {
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        var grant = tokens.find(TokenPurpose.UNDO_EMAIL_CHANGE, token).orElseThrow(Refusal.INVALID_LINK::refused);
        Profile current = profiles.find(grant.profileId())
                .filter(Profile::isConfirmed)
                .orElseThrow(Refusal.INVALID_LINK::refused);
        PreviousEmail previous = profiles.findPreviousEmail(current.profileId())
                .filter(kept -> kept.emailLookupKey().equals(grant.boundTo(EmailChangeUndoMail.PREVIOUS_EMAIL_KEY)))
                .filter(kept -> !kept.emailLookupKey().equals(current.emailLookupKey()))
                .orElseThrow(Refusal.INVALID_LINK::refused);
        if (heldByAnother(previous, current.profileId())) {
            throw Refusal.EMAIL_TAKEN.refused();
        }
        Writes alongside = Writes.of(audit.record(current.profileId(), AuditEvent.EMAIL_CHANGE_UNDONE),
                tokens.consume(TokenPurpose.UNDO_EMAIL_CHANGE, token, current.profileId()));
        lookupItems.endSessionsAndLinks(current.profileId(), alongside);
        if (!profiles.restoreEmail(current, previous, alongside)) {
            // The link was used meanwhile, the profile changed, or someone claimed the address first.
            if (heldByAnother(previous, current.profileId())) {
                throw Refusal.EMAIL_TAKEN.refused();
            }
            throw Refusal.INVALID_LINK.refused();
        }
        LOG.info("email change undone profileId={}", current.profileId());
    }

    /**
     * Whether another learner holds the address to restore. The profile's own hold is no refusal: it is an
     * undo that committed meanwhile (the first of two clicks at once), and the link is then used up.
     */
    private boolean heldByAnother(PreviousEmail previous, String profileId) {
        return profiles.findOwner(previous.emailLookupKey(), clock.instant())
                .filter(owner -> !owner.profileId().equals(profileId)).isPresent();
    }
}
