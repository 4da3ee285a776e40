package coach.eco.learners.audit;

/** The kinds of change the audit trail records; names only, never values. */
public enum AuditEvent {
    PROFILE_CREATED,
    EMAIL_VERIFIED,
    SIGNED_IN,
    SIGNED_OUT,
    NAME_CHANGED,
    PHONE_CHANGED,
    MARKETING_CONSENT_CHANGED,
    EMAIL_CHANGE_REQUESTED,
    EMAIL_CHANGED
}
