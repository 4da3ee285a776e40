package coach.eco.learners.profile;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.MarketingConsent;
import coach.eco.learners.consent.PolicyAnswer;
import coach.eco.learners.consent.PurposeAnswer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything held about a learner, decrypted, as the learner sees and downloads it, with the disclosures
 * to authorities they may be told of. {@code consents} has every purpose: its answer in force (a purpose
 * never answered is {@code never-asked}, which counts as no) and every answer given, oldest first, each
 * with its time, channel and the policy version in force; {@code marketingConsent} and
 * {@code consentHistory} are the news and offers answers as the API named them before. A learner under 16
 * also sees their {@code guardian}: the year of birth and the guardian's address they gave, and when each
 * confirmed.
 */
@Serdeable
public record ProfileView(
        String profileId,
        String fullName,
        String phone,
        String email,
        @Nullable String pendingEmail,
        String status,
        MarketingConsentView marketingConsent,
        List<MarketingConsentView> consentHistory,
        List<PurposeConsentView> consents,
        List<PolicyAnswerView> policyAnswers,
        @Nullable DeletionRequestView deletionRequest,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant verifiedAt,
        long version,
        List<DisclosureNotice> disclosures,
        @Nullable GuardianView guardian) {

    /**
     * What a minor's signup keeps about their age and guardian, when the guardian consented, and, once the learner
     * came of age, when they were mailed to take over and when they did.
     */
    @Serdeable
    public record GuardianView(int birthYear, String email, @Nullable Instant consentedAt,
                               @Nullable Instant comingOfAgeMailedAt, @Nullable Instant learnerTookOverAt) {
        static GuardianView of(@Nullable Guardian guardian) {
            return guardian == null ? null
                    : new GuardianView(guardian.birthYear(), guardian.email().value(), guardian.consentedAt(),
                            guardian.comingOfAgeMailedAt(), guardian.learnerTookOverAt());
        }
    }

    @Serdeable
    public record MarketingConsentView(boolean granted, String policyVersion, Instant recordedAt) {
        static MarketingConsentView of(MarketingConsent consent) {
            return new MarketingConsentView(consent.granted(), consent.policyVersion(), consent.recordedAt());
        }
    }

    /** One purpose's answer in force ({@code yes}, {@code no} or {@code never-asked}) and its history. */
    @Serdeable
    public record PurposeConsentView(String purposeId, String answer, List<AnswerView> history) {
        static PurposeConsentView of(String purposeId, Profile profile) {
            List<AnswerView> history = profile.consents().stream()
                    .filter(answer -> answer.purposeId().equals(purposeId)).map(AnswerView::of).toList();
            String answer = profile.consent(purposeId).map(given -> given.granted() ? "yes" : "no").orElse("never-asked");
            return new PurposeConsentView(purposeId, answer, history);
        }
    }

    /**
     * One answer: yes or no, when, through which channel (absent on early news answers), under which policy
     * version, and whose it is ({@code learner} or {@code guardian}).
     */
    @Serdeable
    public record AnswerView(boolean granted, Instant answeredAt, @Nullable String channel,
                             @Nullable String policyVersion, String actor) {
        static AnswerView of(PurposeAnswer answer) {
            return new AnswerView(answer.granted(), answer.answeredAt(),
                    answer.channel() == null ? null : answer.channel().wireName(), answer.policyVersion(),
                    answer.actor().wireName());
        }
    }

    /**
     * One entry of the consent ledger: the answer to a policy version, when, through which channel
     * ({@code EMAIL_LINK} or {@code SIGNED_IN}), the hash of what was shown, and whose it is ({@code learner} or
     * {@code guardian}).
     */
    @Serdeable
    public record PolicyAnswerView(String policyVersion, boolean accepted, Instant answeredAt, String channel,
                                   String evidenceHash, String actor) {
        static PolicyAnswerView of(PolicyAnswer answer) {
            return new PolicyAnswerView(answer.policyVersion(), answer.accepted(), answer.answeredAt(),
                    answer.channel().name(), answer.evidenceHash(), answer.actor().wireName());
        }
    }

    /** The view of a profile, with an entry in {@code consents} for each purpose, and for any other it answered. */
    public static ProfileView of(Profile profile, List<ConsentPurpose> purposes) {
        Set<String> ids = new LinkedHashSet<>();
        purposes.forEach(purpose -> ids.add(purpose.purposeId()));
        profile.consents().forEach(answer -> ids.add(answer.purposeId()));
        return new ProfileView(profile.profileId(), profile.fullName().value(), profile.phone().e164(),
                profile.email().value(), profile.pendingEmail() == null ? null : profile.pendingEmail().value(),
                profile.status().name(), MarketingConsentView.of(profile.marketingConsent()),
                profile.consentHistory().stream().map(MarketingConsentView::of).toList(),
                ids.stream().map(id -> PurposeConsentView.of(id, profile)).toList(),
                profile.policyAnswers().stream().map(PolicyAnswerView::of).toList(),
                DeletionRequestView.of(profile), profile.createdAt(), profile.updatedAt(), profile.verifiedAt(),
                profile.version(), List.of(), GuardianView.of(profile.guardian()));
    }

    /** The same view, listing the disclosures to authorities the learner may be told of. */
    public ProfileView withDisclosures(List<DisclosureNotice> told) {
        return new ProfileView(profileId, fullName, phone, email, pendingEmail, status, marketingConsent,
                consentHistory, consents, policyAnswers, deletionRequest, createdAt, updatedAt, verifiedAt, version, told,
                guardian);
    }
}
