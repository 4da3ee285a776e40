package coach.eco.learners.consent;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Arrays;

/**
 * One answer of a learner to one consent purpose, with its evidence: yes or no, when, through which
 * channel, and the policy version in force then (null when none had been published). Answers are
 * only ever appended; the latest one per purpose is in force. {@code channel} is null only for a
 * news answer recorded before channels were kept, other than the one given at signup.
 */
public record PurposeAnswer(String purposeId, boolean granted, Instant answeredAt, @Nullable Channel channel,
                            @Nullable String policyVersion) {

    /** How an answer was given. */
    public enum Channel {
        /** The signup form. */
        SIGNUP_FORM,
        /** Signed in, changing the profile (or answering a policy version there). */
        PROFILE,
        /** A link in a mail: one-click unsubscribe, or a policy version's answer link. */
        MAIL_LINK,
        /** Recorded by staff: a withdrawal the learner asked for by phone, post or in person (the privacy desk). */
        STAFF_CALL;

        /** As the API and the stored item write it: "signup-form". */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Channel ofWireName(String wireName) {
            return Arrays.stream(values()).filter(channel -> channel.wireName().equals(wireName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no such channel"));
        }
    }

    /** The newsletter answer as the old {@code marketingConsent} API names it. */
    public MarketingConsent asMarketingConsent() {
        return new MarketingConsent(granted, policyVersion, answeredAt);
    }
}
