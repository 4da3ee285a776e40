package coach.eco.learners.profile;

public enum ProfileStatus {
    /** Signed up, email not yet confirmed; expires with its verification link. */
    PENDING_VERIFICATION,
    ACTIVE,
    /**
     * Confirmed, but the learner asked to deactivate or delete: no processing, no marketing or
     * policy mail. The learner can still sign in to see the request and cancel it.
     */
    DEACTIVATED,
    /**
     * Reported as made with someone's details without their permission, and suspended while staff check:
     * no sign-in, no mail, out of the newsletter and the policy mailing. Staff then restore it, or decide
     * its erasure, which the purge carries out under the rule "unauthorised".
     */
    SUSPENDED
}
