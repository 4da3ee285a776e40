package coach.eco.learners.profile;

public enum ProfileStatus {
    /** Signed up, email not yet confirmed; expires with its verification link. */
    PENDING_VERIFICATION,
    ACTIVE
}
