package coach.eco.learners.consent;

import java.time.Instant;

/** The learner's explicit yes or no to the news list, with the policy version they were shown and when. */
public record MarketingConsent(boolean granted, String policyVersion, Instant recordedAt) {
}
