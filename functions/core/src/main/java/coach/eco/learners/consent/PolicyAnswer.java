package coach.eco.learners.consent;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * One entry of the consent ledger: the learner's yes or no to a policy version that asks for
 * consent, when, how, and the hash of what they were shown. Entries are only ever appended; a
 * change of mind is a new entry, the latest one per version is the answer in force.
 */
@Serdeable
public record PolicyAnswer(String policyVersion, boolean accepted, Instant answeredAt, AnswerChannel channel,
                           String evidenceHash) {

    /** How the answer was given. */
    public enum AnswerChannel {
        /** The accept or refuse link of the policy-change email. */
        EMAIL_LINK,
        /** Signed in, on the website. */
        SIGNED_IN
    }
}
