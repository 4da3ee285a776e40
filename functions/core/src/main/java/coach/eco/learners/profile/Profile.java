package coach.eco.learners.profile;

import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.consent.MarketingConsent;
import coach.eco.learners.consent.PolicyAnswer;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A learner's profile as held in the profiles table. {@code version} counts writes, for optimistic
 * concurrency; {@code expiresAt} is set only while the profile waits for email verification; a
 * requested email change waits in {@code pendingEmail} until the new address confirms it. A
 * deletion or deactivation request in force sets the status to {@code DEACTIVATED}; legal holds
 * are kept as a history, the active one last; so are the answers to policy versions that ask for
 * consent (the consent ledger). {@code lastActiveAt} is the learner's last sign-in, edit,
 * confirmation or consent answer; {@code inactivityErasureAt} is set once the learner has been
 * warned that the profile will be erased for inactivity, to the date the warning gave.
 */
public record Profile(
        String profileId,
        FullName fullName,
        PhoneNumber phone,
        EmailAddress email,
        String emailLookupKey,
        ProfileStatus status,
        List<MarketingConsent> consentHistory,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant verifiedAt,
        @Nullable Instant expiresAt,
        @Nullable EmailAddress pendingEmail,
        @Nullable String pendingEmailLookupKey,
        @Nullable DeletionRequest deletionRequest,
        List<LegalHold> legalHolds,
        List<PolicyAnswer> policyAnswers,
        Instant lastActiveAt,
        @Nullable Instant inactivityErasureAt,
        long version) {

    public Profile {
        consentHistory = List.copyOf(consentHistory);
        legalHolds = List.copyOf(legalHolds);
        policyAnswers = List.copyOf(policyAnswers);
    }

    /** Signed up and confirmed: the learner can sign in, whether or not processing is stopped. */
    public boolean isConfirmed() {
        return status == ProfileStatus.ACTIVE || status == ProfileStatus.DEACTIVATED;
    }

    public Optional<LegalHold> activeLegalHold() {
        return legalHolds.stream().filter(LegalHold::isActive).findFirst();
    }

    /** The learner's answer in force: the latest one given. */
    public MarketingConsent marketingConsent() {
        return consentHistory.get(consentHistory.size() - 1);
    }

    public Profile verified(Instant now) {
        return new Profile(profileId, fullName, phone, email, emailLookupKey, ProfileStatus.ACTIVE,
                consentHistory, createdAt, now, now, null, pendingEmail, pendingEmailLookupKey, deletionRequest,
                legalHolds, policyAnswers, now, null, version + 1);
    }

    /**
     * The profile with the learner's edits applied: a consent answer is appended to the history, a
     * new email waits as pending (null keeps what is pending).
     */
    public Profile edited(FullName newName, PhoneNumber newPhone, @Nullable MarketingConsent newConsent,
                          @Nullable EmailAddress newPendingEmail, @Nullable String newPendingLookupKey, Instant now) {
        List<MarketingConsent> history = new ArrayList<>(consentHistory);
        if (newConsent != null) {
            history.add(newConsent);
        }
        return new Profile(profileId, newName, newPhone, email, emailLookupKey, status, history, createdAt, now,
                verifiedAt, expiresAt,
                newPendingEmail == null ? pendingEmail : newPendingEmail,
                newPendingEmail == null ? pendingEmailLookupKey : newPendingLookupKey,
                deletionRequest, legalHolds, policyAnswers, now, null, version + 1);
    }

    /** The pending email becomes the learner's email. */
    public Profile withPendingEmailConfirmed(Instant now) {
        return new Profile(profileId, fullName, phone, pendingEmail, pendingEmailLookupKey, status, consentHistory,
                createdAt, now, verifiedAt, expiresAt, null, null, deletionRequest, legalHolds, policyAnswers,
                now, null, version + 1);
    }

    /** The email an undone change replaced, back in force; a change still waiting for its confirmation dies. */
    public Profile withEmailRestored(PreviousEmail previous, Instant now) {
        return new Profile(profileId, fullName, phone, previous.email(), previous.emailLookupKey(), status,
                consentHistory, createdAt, now, verifiedAt, expiresAt, null, null, deletionRequest, legalHolds,
                policyAnswers, now, null, version + 1);
    }

    /**
     * The profile with a deletion request in force (processing stops, whatever was asked), or with
     * none (null: cancelled, back to active, as every request is made by an active learner).
     */
    public Profile withDeletionRequest(@Nullable DeletionRequest request, Instant now) {
        ProfileStatus next = request == null ? ProfileStatus.ACTIVE : ProfileStatus.DEACTIVATED;
        return new Profile(profileId, fullName, phone, email, emailLookupKey, next, consentHistory, createdAt, now,
                verifiedAt, expiresAt, pendingEmail, pendingEmailLookupKey, request, legalHolds, policyAnswers, now, null,
                version + 1);
    }

    public Profile withLegalHolds(List<LegalHold> holds, Instant now) {
        return new Profile(profileId, fullName, phone, email, emailLookupKey, status, consentHistory, createdAt, now,
                verifiedAt, expiresAt, pendingEmail, pendingEmailLookupKey, deletionRequest, holds, policyAnswers,
                lastActiveAt, inactivityErasureAt, version + 1);
    }

    /** The answer in force to a policy version: the latest one given, if any. */
    public Optional<PolicyAnswer> policyAnswer(String policyVersion) {
        return policyAnswers.stream().filter(answer -> answer.policyVersion().equals(policyVersion))
                .reduce((earlier, later) -> later);
    }

    /**
     * The profile with an answer appended to the consent ledger, and, if not null, a marketing
     * consent appended to its history (a refusal turns the newsletter off).
     */
    public Profile withPolicyAnswer(PolicyAnswer answer, @Nullable MarketingConsent consent, Instant now) {
        List<PolicyAnswer> answers = new ArrayList<>(policyAnswers);
        answers.add(answer);
        List<MarketingConsent> history = new ArrayList<>(consentHistory);
        if (consent != null) {
            history.add(consent);
        }
        return new Profile(profileId, fullName, phone, email, emailLookupKey, status, history, createdAt, now,
                verifiedAt, expiresAt, pendingEmail, pendingEmailLookupKey, deletionRequest, legalHolds, answers,
                now, null, version + 1);
    }

    /**
     * The same profile with the learner active at {@code now}: any inactivity countdown is
     * cancelled. Not a change of its content, so the version stays (an open edit is not refused).
     */
    public Profile activeAt(Instant now) {
        return new Profile(profileId, fullName, phone, email, emailLookupKey, status, consentHistory, createdAt,
                updatedAt, verifiedAt, expiresAt, pendingEmail, pendingEmailLookupKey, deletionRequest, legalHolds,
                policyAnswers, now, null, version);
    }
}
