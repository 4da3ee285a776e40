package coach.eco.learners.mail;

/** The emails this system sends; each has a subject, a text and an HTML template under /mail. */
public enum MailTemplate {
    /** To a new learner: confirm this address. Values: link, validHours. Greets by no name: nobody has verified it yet. */
    VERIFY_EMAIL("verify-email"),
    /**
     * To the parent or guardian a learner under 16 named at signup: what is kept, why, for how long, and the
     * choices, with the link to give consent. Values: fullName, purposes (nameVi, nameEn), inactivityMonths,
     * link, validHours.
     */
    GUARDIAN_CONSENT("guardian-consent"),
    /** To a learner whose address was used again to sign up. Values: signInUrl. */
    SIGNUP_ATTEMPT("signup-attempt"),
    /** To a confirmed learner who asked to sign in. Values: link, validMinutes. */
    SIGN_IN_LINK("sign-in-link"),
    /**
     * To a guardian who asked to sign in, one per learner under 16 they act for: the link signs in to that
     * learner's profile, acting for them. Values: fullName (the learner's), link, validMinutes.
     */
    GUARDIAN_SIGN_IN_LINK("guardian-sign-in-link"),
    /** To the new address of an email change. Values: link, validHours. */
    CONFIRM_NEW_EMAIL("confirm-new-email"),
    /** To a learner whose address another profile tried to change to. No values. */
    EMAIL_TAKEN("email-taken"),
    /** To the old address, once an email change is confirmed, with the link that undoes it. Values: link, validDays. */
    EMAIL_CHANGED("email-changed"),
    /**
     * To a learner who asked, without signing in, to deactivate or delete. Values: delete,
     * deactivate, link, validHours.
     */
    CONFIRM_DELETION("confirm-deletion"),
    /**
     * To a learner whose request is in force. Values: delete, deactivate, signInUrl; for a deletion
     * also erasureDateVi, erasureDateEn, cancelLink.
     */
    DELETION_REQUEST_IN_FORCE("deletion-request-in-force"),
    /**
     * To every learner, once per policy version. Values: fullName, paused, versionId, summaryVi,
     * summaryEn, policyUrl, effectiveDateVi, effectiveDateEn, consent, reminder; for a consent
     * version also acceptLink, refuseLink.
     */
    POLICY_CHANGE("policy-change"),
    /** To a learner who refused a policy version. Values: fullName, versionId, deleteUrl, signInUrl. */
    POLICY_REFUSED("policy-refused"),
    /**
     * To a learner inactive for almost the inactivity period. Values: erasureDateVi, erasureDateEn,
     * signInUrl, deletionUrl.
     */
    INACTIVITY_WARNING("inactivity-warning"),
    /**
     * To a learner under 16 at signup, once, when they come of age: they now consent for themselves, and are asked
     * to sign in and answer. Values: fullName, signInUrl.
     */
    COMING_OF_AGE("coming-of-age"),
    /**
     * To a learner whose request staff recorded: how it will be handled. Values: requestRef, kindVi, kindEn,
     * receivedVi, receivedEn, hasDue (dueVi, dueEn), confirm (link, validHours).
     */
    PRIVACY_REQUEST_RECEIVED("privacy-request-received"),
    /** Its one extension. Values: requestRef, kindVi, kindEn, reason, dueVi, dueEn. */
    PRIVACY_REQUEST_EXTENDED("privacy-request-extended"),
    /** Its refusal. Values: requestRef, kindVi, kindEn, reason. */
    PRIVACY_REQUEST_REFUSED("privacy-request-refused"),
    /** Its completion. Values: requestRef, kindVi, kindEn, access, signInUrl. */
    PRIVACY_REQUEST_DONE("privacy-request-done"),
    /** To whoever reported an unauthorised profile: the same words whatever was found. Values: requestRef. */
    UNAUTHORISED_REPORT_RECEIVED("unauthorised-report-received"),
    /** The same reporter, once staff decided: the same words whatever they decided. Values: requestRef. */
    UNAUTHORISED_REPORT_CLOSED("unauthorised-report-closed"),
    /** To a learner a breach affects, in staff's words. Values: fullName, subjectVi, subjectEn, bodyVi, bodyEn. */
    BREACH_NOTICE("breach-notice"),
    /**
     * To a learner who said yes to a consent purpose, in staff's words, with the purpose named in the footer and a
     * one-click unsubscribe header. Values: fullName, subjectVi, subjectEn, bodyVi, bodyEn, purposeNameVi,
     * purposeNameEn, signInUrl.
     */
    PURPOSE_MAILING("purpose-mailing");

    private final String resourceName;

    MailTemplate(String resourceName) {
        this.resourceName = resourceName;
    }

    String resourceName() {
        return resourceName;
    }
}
