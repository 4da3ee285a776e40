package coach.eco.learners.profile;

import coach.eco.learners.consent.MarketingConsent;
import coach.eco.learners.consent.PolicyAnswer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * Everything held about a learner, decrypted, as the learner sees and downloads it, with the disclosures
 * to authorities they may be told of.
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
        List<PolicyAnswer> policyAnswers,
        @Nullable DeletionRequestView deletionRequest,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant verifiedAt,
        long version,
        List<DisclosureNotice> disclosures) {

    @Serdeable
    public record MarketingConsentView(boolean granted, String policyVersion, Instant recordedAt) {
        static MarketingConsentView of(MarketingConsent consent) {
            return new MarketingConsentView(consent.granted(), consent.policyVersion(), consent.recordedAt());
        }
    }

    public static ProfileView of(Profile profile) {
        return new ProfileView(profile.profileId(), profile.fullName().value(), profile.phone().e164(),
                profile.email().value(), profile.pendingEmail() == null ? null : profile.pendingEmail().value(),
                profile.status().name(), MarketingConsentView.of(profile.marketingConsent()),
                profile.consentHistory().stream().map(MarketingConsentView::of).toList(), profile.policyAnswers(),
                DeletionRequestView.of(profile), profile.createdAt(), profile.updatedAt(), profile.verifiedAt(),
                profile.version(), List.of());
    }

    /** The same view, listing the disclosures to authorities the learner may be told of. */
    public ProfileView withDisclosures(List<DisclosureNotice> told) {
        return new ProfileView(profileId, fullName, phone, email, pendingEmail, status, marketingConsent,
                consentHistory, policyAnswers, deletionRequest, createdAt, updatedAt, verifiedAt, version, told);
    }
}
