package coach.eco.learners.audit;

/** The kinds of change the audit trail records; names only, never values. */
public enum AuditEvent {
    PROFILE_CREATED,
    EMAIL_VERIFIED,
    /** The guardian of a learner under 16 consented through the mailed link (the answers are in the profile). */
    GUARDIAN_CONSENTED,
    SIGNED_IN,
    SIGNED_OUT,
    SIGNED_OUT_EVERYWHERE,
    NAME_CHANGED,
    PHONE_CHANGED,
    MARKETING_CONSENT_CHANGED,
    /** The learner answered a consent purpose other than news and offers (fact: none; the answer is in the profile). */
    PURPOSE_CONSENT_CHANGED,
    /** Staff added a consent purpose (recorded under {@link AuditLog#STAFF_ACCESS}; facts: who, the purpose id). */
    CONSENT_PURPOSE_ADDED,
    /**
     * Staff read a page of the learners who said yes to a purpose, with their names and phones (under
     * {@link AuditLog#STAFF_ACCESS}; facts: who, the purpose id, how many were listed; never a learner's data).
     */
    CONSENTING_LEARNERS_LISTED,
    EMAIL_CHANGE_REQUESTED,
    EMAIL_CHANGED,
    /** The old address's link put it back: every session and earlier link ended. */
    EMAIL_CHANGE_UNDONE,
    /** Asked for, signed in or through the public form (then a confirmation link is sent). */
    DELETION_REQUESTED,
    /** In force: processing stopped, sessions revoked, erasure due date fixed for a deletion. */
    DELETION_CONFIRMED,
    DELETION_CANCELLED,
    /** Staff found the profile by its email (not a change, but an access to be accountable for). */
    PROFILE_LOOKED_UP,
    /** Staff looked an email up and found no profile (recorded under {@link AuditLog#STAFF_ACCESS}). */
    PROFILE_LOOKUP_MISSED,
    /** A caller outside the staff roles reached a staff route and was refused. */
    STAFF_CALL_REFUSED,
    /** A staff role went past its hourly number of lookups and was refused. */
    STAFF_LOOKUP_THROTTLED,
    /** A publisher published a policy version (fact: the version; recorded under {@link AuditLog#STAFF_ACCESS}). */
    POLICY_VERSION_PUBLISHED,
    /** A second publisher approved a version: in force and announced (fact: the version). */
    POLICY_VERSION_APPROVED,
    /** A publisher emitted a version's announcement again (fact: the version). */
    POLICY_VERSION_ANNOUNCED_AGAIN,
    /** A publisher asked for newsletter unsubscribe links (fact: how many profile ids). */
    UNSUBSCRIBE_LINKS_MINTED,
    /** Staff composed a mailing for one consent purpose (facts: who, the route, the mailing, the purpose). */
    MAILING_COMPOSED,
    /** A publisher had a purpose mailing sent (facts: who, the route, the mailing, the purpose). */
    MAILING_SENT,
    LEGAL_HOLD_PLACED,
    LEGAL_HOLD_RELEASED,
    /** The learner said yes to a policy version that asks for consent (fact: the version). */
    POLICY_ACCEPTED,
    /** The learner said no to a policy version that asks for consent (fact: the version). */
    POLICY_REFUSED,
    /** Warned by email that the profile will be erased for inactivity, on the date recorded. */
    INACTIVITY_WARNED,
    /** A learner under 16 at signup came of age and was mailed to take over their own consents. */
    COMING_OF_AGE_MAILED,
    /** The learner, come of age, gave their own answer to every purpose: the guardian's no longer count. */
    OWN_CONSENT_GIVEN,
    /** The profile and every item leading to it are gone; this record is what remains. */
    PROFILE_ERASED,
    /** Staff recorded a request made by phone, post, in person or email (facts: request id, kind). */
    PRIVACY_REQUEST_RECORDED,
    /** The requester's identity was confirmed: by the mailed link, or a document staff checked. */
    PRIVACY_REQUEST_IDENTITY_CONFIRMED,
    /** Its one extension, with a reason (the reason is in the encrypted register, not here). */
    PRIVACY_REQUEST_EXTENDED,
    PRIVACY_REQUEST_REFUSED,
    /** Carried out through the service the website's own route uses. */
    PRIVACY_REQUEST_DONE,
    /** Reported as made without its owner's permission: no mail, no sign-in, out of every mailing. */
    PROFILE_SUSPENDED,
    /** Staff found the report unfounded: the profile is active again. */
    PROFILE_RESTORED,
    /** Staff found the report founded: the purge erases the profile under the rule "unauthorised". */
    UNAUTHORISED_PROFILE_ERASURE_DECIDED,
    /** Data handed to an authority (facts: disclosure id; the rest is in the encrypted register). */
    DISCLOSURE_RECORDED,
    /** A breach entered in the register (under staff access; facts: breach id). */
    BREACH_RECORDED,
    BREACH_AUTHORITY_NOTIFIED,
    BREACH_LEARNERS_NOTICE_SENT,
    /** Staff read the register's report (under staff access). */
    PRIVACY_REPORT_READ
}
