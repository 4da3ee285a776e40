package coach.eco.learners.profile;

public enum ProfileStatus {
    /** Signed up, email not yet confirmed; expires with its verification link. */
    PENDING_VERIFICATION,
    ACTIVE,
    /**
     * Confirmed, but the learner asked to deactivate or delete: no processing, no marketing or
     * policy mail. The learner can still sign in to see the request and cancel it.
     */
    DEACTIVATED
}
