package coach.eco.learners.consent;

import java.time.Instant;

/**
 * The learner's explicit yes or no to the news list, with the policy version in force (null when
 * none had been published yet) and when.
 */
public record MarketingConsent(boolean granted, String policyVersion, Instant recordedAt) {
}
