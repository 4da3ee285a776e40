package coach.eco.learners.consent;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Arrays;

/**
 * One answer to one consent purpose about a learner, with its evidence: yes or no, when, through which
 * channel, the policy version in force then (null when none had been published), and whose answer it is
 * (the learner's, or their guardian's for a learner under 16). Answers are
 * only ever appended; the latest one per purpose is in force. {@code channel} is null only for a
 * news answer recorded before channels were kept, other than the one given at signup.
 */
public record PurposeAnswer(String purposeId, boolean granted, Instant answeredAt, @Nullable Channel channel,
                            @Nullable String policyVersion, Actor actor) {

    /** The learner's own answer. */
    public PurposeAnswer(String purposeId, boolean granted, Instant answeredAt, @Nullable Channel channel,
                         @Nullable String policyVersion) {
        this(purposeId, granted, answeredAt, channel, policyVersion, Actor.LEARNER);
    }

    /** Who gave an answer. */
    public enum Actor {
        LEARNER,
        /** A parent or guardian of a learner under 16, through the link mailed to them. */
        GUARDIAN;

        /** As the API and the stored item write it: "guardian". */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Actor ofWireName(String wireName) {
            return valueOf(wireName.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** How an answer was given. */
    public enum Channel {
        /** The signup form. */
        SIGNUP_FORM,
        /** Signed in, changing the profile (or answering a policy version there). */
        PROFILE,
        /** A link in a mail: one-click unsubscribe, a policy version's answer link, or a guardian's consent link. */
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
