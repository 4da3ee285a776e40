package coach.eco.learners.consent;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * One entry of the consent ledger: a yes or no to a policy version that asks for consent, when, how, the
 * hash of what was shown, and whose answer it is (the learner's, or their guardian's for a learner under 16).
 * Entries are only ever appended; a change of mind is a new entry. The answer in force is the latest one
 * (for a learner with a guardian, see {@code Profile.policyAnswer}).
 */
@Serdeable
public record PolicyAnswer(String policyVersion, boolean accepted, Instant answeredAt, AnswerChannel channel,
                           String evidenceHash, PurposeAnswer.Actor actor) {

    /** The learner's own answer. */
    public PolicyAnswer(String policyVersion, boolean accepted, Instant answeredAt, AnswerChannel channel,
                        String evidenceHash) {
        this(policyVersion, accepted, answeredAt, channel, evidenceHash, PurposeAnswer.Actor.LEARNER);
    }

    /** How the answer was given. */
    public enum AnswerChannel {
        /** The accept or refuse link of the policy-change email. */
        EMAIL_LINK,
        /** Signed in, on the website. */
        SIGNED_IN
    }
}
