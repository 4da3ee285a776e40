package coach.eco.learners.profile;

import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.MarketingConsent;
import coach.eco.learners.consent.PolicyAnswer;
import coach.eco.learners.consent.PurposeAnswer;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A learner's profile as held in the profiles table. {@code version} counts writes, for optimistic
 * concurrency; {@code expiresAt} is set only while the profile waits for email verification; a
 * requested email change waits in {@code pendingEmail} until the new address confirms it. A
 * deletion or deactivation request in force sets the status to {@code DEACTIVATED}; legal holds
 * are kept as a history, the active one last; so are the answers to policy versions that ask for
 * consent (the consent ledger), and the answers to each consent purpose ({@code consents}, the latest
 * one per purpose in force; a purpose never answered is a no). {@code lastActiveAt} is the learner's last sign-in, edit,
 * confirmation or consent answer; {@code inactivityErasureAt} is set once the learner has been
 * warned that the profile will be erased for inactivity, to the date the warning gave. A learner under
 * 16 has a {@code guardian}: the signup stays pending until the guardian consents (and the learner
 * confirms their address, from the age of 7).
 */
public record Profile(
        String profileId,
        FullName fullName,
        PhoneNumber phone,
        EmailAddress email,
        String emailLookupKey,
        ProfileStatus status,
        List<PurposeAnswer> consents,
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
        long version,
        @Nullable Guardian guardian) {

    public Profile {
        consents = List.copyOf(consents);
        legalHolds = List.copyOf(legalHolds);
        policyAnswers = List.copyOf(policyAnswers);
    }

    /** Signed up and confirmed: the learner can sign in, whether or not processing is stopped. */
    public boolean isConfirmed() {
        return status == ProfileStatus.ACTIVE || status == ProfileStatus.DEACTIVATED;
    }

    /** Staff decided its erasure as a profile made without its owner's permission. */
    public boolean isUnauthorisedErasureDecided() {
        return status == ProfileStatus.SUSPENDED && deletionRequest != null
                && deletionRequest.requestedAt().equals(deletionRequest.erasureDueAt());
    }

    public Optional<LegalHold> activeLegalHold() {
        return legalHolds.stream().filter(LegalHold::isActive).findFirst();
    }

    /**
     * The answer in force to a consent purpose: the latest one given; empty if never asked. For a learner with a
     * guardian, until the learner takes over, a yes is the guardian's: the latest no of either, learner or
     * guardian, stands, and a learner's yes alone adds nothing the guardian did not consent to. Once the learner
     * took over (come of age, answering for themselves), only the learner's latest answer counts.
     */
    public Optional<PurposeAnswer> consent(String purposeId) {
        return inForce(consents.stream().filter(answer -> answer.purposeId().equals(purposeId)).toList(),
                PurposeAnswer::actor, PurposeAnswer::granted);
    }

    /**
     * The answer in force among {@code answers} (oldest first): the latest one. For a learner with a guardian,
     * until the learner takes over, the latest no of either, guardian or learner, stands, and otherwise the
     * guardian's latest answer is in force: the learner's yes alone adds nothing. Once the learner took over,
     * only their own latest answer counts.
     */
    private <T> Optional<T> inForce(List<T> answers, Function<T, PurposeAnswer.Actor> actor, Predicate<T> yes) {
        if (guardian == null) {
            return latestBy(answers, actor, null);
        }
        Optional<T> learners = latestBy(answers, actor, PurposeAnswer.Actor.LEARNER);
        if (guardian.learnerTookOverAt() != null) {
            return learners;
        }
        Optional<T> guardians = latestBy(answers, actor, PurposeAnswer.Actor.GUARDIAN);
        return guardians.filter(yes.negate())
                .or(() -> learners.filter(yes.negate()))
                .or(() -> guardians);
    }

    /**
     * Whether the learner came of age and is still to give their own answers ({@link Guardian#ownConsentAskedIn}):
     * their sign-in asks for them.
     */
    public boolean ownConsentAskedIn(int year) {
        return guardian != null && guardian.ownConsentAskedIn(year);
    }

    /** The latest of the answers given by {@code whose} (anyone's if null). */
    private static <T> Optional<T> latestBy(List<T> answers, Function<T, PurposeAnswer.Actor> actor,
                                            @Nullable PurposeAnswer.Actor whose) {
        return answers.stream().filter(answer -> whose == null || actor.apply(answer) == whose)
                .reduce((earlier, later) -> later);
    }

    /** Whether the learner said yes to a purpose and has not withdrawn it; never asked is no. */
    public boolean consentsTo(String purposeId) {
        return consent(purposeId).map(PurposeAnswer::granted).orElse(false);
    }

    /** The newsletter answer in force, as {@code marketingConsent}: signup always asks it. */
    public MarketingConsent marketingConsent() {
        return consent(ConsentPurpose.NEWS_AND_OFFERS).map(PurposeAnswer::asMarketingConsent).orElseGet(() -> {
            // A minor's signup before the guardian's answer: the learner's own yes is not in force.
            PurposeAnswer learners = latestBy(consents.stream().filter(answer -> answer.purposeId()
                    .equals(ConsentPurpose.NEWS_AND_OFFERS)).toList(), PurposeAnswer::actor, null).orElseThrow();
            return new MarketingConsent(false, learners.policyVersion(), learners.answeredAt());
        });
    }

    /** Every newsletter answer, oldest first, as {@code consentHistory}. */
    public List<MarketingConsent> consentHistory() {
        return consents.stream().filter(answer -> answer.purposeId().equals(ConsentPurpose.NEWS_AND_OFFERS))
                .map(PurposeAnswer::asMarketingConsent).toList();
    }

    /**
     * A profile just signed up: it waits for its email to be verified until {@code expiresAt}, with
     * the learner's first answers: to the newsletter always, to other purposes if asked; a learner under
     * 16 names their guardian, who is asked too.
     */
    public static Profile pending(String profileId, FullName fullName, PhoneNumber phone, EmailAddress email,
                                  String emailLookupKey, List<PurposeAnswer> answers, Instant now, Instant expiresAt,
                                  @Nullable Guardian guardian) {
        return new Profile(profileId, fullName, phone, email, emailLookupKey, ProfileStatus.PENDING_VERIFICATION,
                answers, now, now, null, expiresAt, null, null, null, List.of(), List.of(), now, null, 1, guardian);
    }

    /** A minor's signup whose guardian has not consented yet. */
    public boolean awaitsGuardian() {
        return guardian != null && guardian.consentedAt() == null;
    }

    /**
     * The learner, come of age, mailed to take over: not the learner's change. The guardian's address no longer
     * finds the profile.
     */
    public Profile withComingOfAgeMailed(Instant now) {
        return copied(draft -> {
            draft.written(now);
            draft.guardian = guardian.withComingOfAgeMailed(now);
        });
    }

    /**
     * The learner, come of age, took over: their own answers (one per purpose) appended to the history, from now
     * the only ones that count.
     */
    public Profile withOwnConsent(List<PurposeAnswer> answers, Instant now) {
        return changedByLearner(now, draft -> {
            draft.consents = appendedAll(consents, answers);
            draft.guardian = guardian.withLearnerTookOver(now);
        });
    }

    /** A minor's signup, still pending, with the learner's own confirmation of their address in. */
    public Profile withLearnerConfirmed(Instant now) {
        return changedByLearner(now, draft -> draft.guardian = guardian.withLearnerConfirmed(now));
    }

    /** A minor's signup, still pending, with the guardian's consent in and their answers appended to the history. */
    public Profile withGuardianConsent(List<PurposeAnswer> answers, Instant now) {
        return copied(draft -> {
            draft.written(now);
            draft.guardian = guardian.withConsent(now);
            draft.consents = appendedAll(consents, answers);
        });
    }

    public Profile verified(Instant now) {
        return changedByLearner(now, draft -> {
            draft.status = ProfileStatus.ACTIVE;
            draft.verifiedAt = now;
            draft.expiresAt = null;
        });
    }

    /**
     * The profile with the learner's edits applied: consent answers are appended to the history, a
     * new email waits as pending (null keeps what is pending).
     */
    public Profile edited(FullName newName, PhoneNumber newPhone, List<PurposeAnswer> newAnswers,
                          @Nullable EmailAddress newPendingEmail, @Nullable String newPendingLookupKey, Instant now) {
        return changedByLearner(now, draft -> {
            draft.fullName = newName;
            draft.phone = newPhone;
            draft.consents = appendedAll(consents, newAnswers);
            if (newPendingEmail != null) {
                draft.pendingEmail = newPendingEmail;
                draft.pendingEmailLookupKey = newPendingLookupKey;
            }
        });
    }

    /** The pending email becomes the learner's email. */
    public Profile withPendingEmailConfirmed(Instant now) {
        return changedByLearner(now, draft -> draft.replaceEmail(pendingEmail, pendingEmailLookupKey));
    }

    /** The email an undone change replaced, back in force; a change still waiting for its confirmation dies. */
    public Profile withEmailRestored(PreviousEmail previous, Instant now) {
        return changedByLearner(now, draft -> draft.replaceEmail(previous.email(), previous.emailLookupKey()));
    }

    /**
     * The profile with a deletion request in force (processing stops, whatever was asked), or with
     * none (null: cancelled, back to active, as every request is made by an active learner).
     */
    public Profile withDeletionRequest(@Nullable DeletionRequest request, Instant now) {
        return changedByLearner(now, draft -> {
            draft.status = request == null ? ProfileStatus.ACTIVE : ProfileStatus.DEACTIVATED;
            draft.deletionRequest = request;
        });
    }

    /** Staff place or lift holds: a change of the profile, but not a sign of the learner's activity. */
    public Profile withLegalHolds(List<LegalHold> holds, Instant now) {
        return copied(draft -> {
            draft.written(now);
            draft.legalHolds = holds;
        });
    }

    /** Suspended on a report that it was made without its owner's permission: not the learner's change. */
    public Profile suspended(Instant now) {
        return copied(draft -> {
            draft.written(now);
            draft.status = ProfileStatus.SUSPENDED;
        });
    }

    /** The report was unfounded: as it was before, active, or deactivated if the learner's own request is in force. */
    public Profile restored(Instant now) {
        return copied(draft -> {
            draft.written(now);
            draft.status = deletionRequest == null ? ProfileStatus.ACTIVE : ProfileStatus.DEACTIVATED;
        });
    }

    /**
     * The report was founded: the profile stays suspended and is due for erasure now (due the instant it was
     * decided, which no learner's request ever is), which the purge carries out under the rule
     * "unauthorised" ({@link RetentionPolicy}).
     */
    public Profile dueForUnauthorisedErasure(Instant now) {
        return copied(draft -> {
            draft.written(now);
            draft.deletionRequest = new DeletionRequest(DeletionKind.DELETE, now, now);
        });
    }

    /**
     * The answer in force to a policy version, if any: the latest one given; for a learner with a guardian, a
     * refusal if either refused (a guardian's refusal stands), otherwise the latest acceptance.
     */
    public Optional<PolicyAnswer> policyAnswer(String policyVersion) {
        return inForce(answersTo(policyVersion), PolicyAnswer::actor, PolicyAnswer::accepted);
    }

    /** The latest answer {@code actor} gave to a policy version, if any. */
    public Optional<PolicyAnswer> policyAnswerBy(String policyVersion, PurposeAnswer.Actor actor) {
        return latestBy(answersTo(policyVersion), PolicyAnswer::actor, actor);
    }

    private List<PolicyAnswer> answersTo(String policyVersion) {
        return policyAnswers.stream().filter(answer -> answer.policyVersion().equals(policyVersion)).toList();
    }

    /**
     * The profile with an answer appended to the consent ledger, and, if not null, a purpose's
     * answer appended to its history (a refusal turns the newsletter off).
     */
    public Profile withPolicyAnswer(PolicyAnswer answer, @Nullable PurposeAnswer consent, Instant now) {
        return changedByLearner(now, draft -> {
            draft.policyAnswers = appended(policyAnswers, answer);
            draft.consents = appended(consents, consent);
        });
    }

    /**
     * The same profile with the learner active at {@code now}: any inactivity countdown is
     * cancelled. Not a change of its content, so the version stays (an open edit is not refused).
     */
    public Profile activeAt(Instant now) {
        return copied(draft -> draft.active(now));
    }

    /** A change the learner made: a write, and a sign of activity that cancels any inactivity countdown. */
    private Profile changedByLearner(Instant now, Consumer<Draft> change) {
        return copied(draft -> {
            draft.written(now);
            draft.active(now);
            change.accept(draft);
        });
    }

    private Profile copied(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.profile();
    }

    private static <T> List<T> appended(List<T> list, @Nullable T item) {
        if (item == null) {
            return list;
        }
        return appendedAll(list, List.of(item));
    }

    private static <T> List<T> appendedAll(List<T> list, List<T> items) {
        List<T> longer = new ArrayList<>(list);
        longer.addAll(items);
        return longer;
    }

    /** A profile being changed: starts as a copy, each change names only the components it sets. */
    private static final class Draft {
        private final String profileId;
        private FullName fullName;
        private PhoneNumber phone;
        private EmailAddress email;
        private String emailLookupKey;
        private ProfileStatus status;
        private List<PurposeAnswer> consents;
        private final Instant createdAt;
        private Instant updatedAt;
        private Instant verifiedAt;
        private Instant expiresAt;
        private EmailAddress pendingEmail;
        private String pendingEmailLookupKey;
        private DeletionRequest deletionRequest;
        private List<LegalHold> legalHolds;
        private List<PolicyAnswer> policyAnswers;
        private Instant lastActiveAt;
        private Instant inactivityErasureAt;
        private long version;
        private Guardian guardian;

        private Draft(Profile profile) {
            profileId = profile.profileId;
            fullName = profile.fullName;
            phone = profile.phone;
            email = profile.email;
            emailLookupKey = profile.emailLookupKey;
            status = profile.status;
            consents = profile.consents;
            createdAt = profile.createdAt;
            updatedAt = profile.updatedAt;
            verifiedAt = profile.verifiedAt;
            expiresAt = profile.expiresAt;
            pendingEmail = profile.pendingEmail;
            pendingEmailLookupKey = profile.pendingEmailLookupKey;
            deletionRequest = profile.deletionRequest;
            legalHolds = profile.legalHolds;
            policyAnswers = profile.policyAnswers;
            lastActiveAt = profile.lastActiveAt;
            inactivityErasureAt = profile.inactivityErasureAt;
            version = profile.version;
            guardian = profile.guardian;
        }

        /** A write of the profile: updated now, one version on. */
        private void written(Instant now) {
            updatedAt = now;
            version++;
        }

        private void active(Instant now) {
            lastActiveAt = now;
            inactivityErasureAt = null;
        }

        /** The learner's email replaced; whatever change was pending is over. */
        private void replaceEmail(EmailAddress newEmail, String newLookupKey) {
            email = newEmail;
            emailLookupKey = newLookupKey;
            pendingEmail = null;
            pendingEmailLookupKey = null;
        }

        private Profile profile() {
            return new Profile(profileId, fullName, phone, email, emailLookupKey, status, consents, createdAt,
                    updatedAt, verifiedAt, expiresAt, pendingEmail, pendingEmailLookupKey, deletionRequest, legalHolds,
                    policyAnswers, lastActiveAt, inactivityErasureAt, version, guardian);
        }
    }
}
