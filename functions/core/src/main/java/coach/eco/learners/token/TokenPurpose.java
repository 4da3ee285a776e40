package coach.eco.learners.token;

/** What a token may be used for; a token issued for one purpose is unknown to every other. */
public enum TokenPurpose {
    VERIFY_EMAIL("verify-email#"),
    SIGN_IN("sign-in#", true),
    SESSION("session#", true),
    CHANGE_EMAIL("change-email#"),
    /** The link to the old address of a confirmed email change, bound to that address: it undoes the change. */
    UNDO_EMAIL_CHANGE("undo-email-change#"),
    CONFIRM_DELETION("confirm-deletion#"),
    CANCEL_DELETION("cancel-deletion#"),
    /** The accept link of a policy-change email, bound to the policy version. */
    ACCEPT_POLICY("accept-policy#"),
    /** The refuse link of a policy-change email, bound to the policy version. */
    REFUSE_POLICY("refuse-policy#"),
    /** A newsletter's one-click unsubscribe URL: used again and again until it expires. */
    UNSUBSCRIBE("unsubscribe#"),
    /** The link that confirms a request recorded by the privacy desk is the learner's own, bound to the request. */
    CONFIRM_REQUEST("confirm-request#"),
    /** The link mailed to the guardian a learner under 16 named at signup: it records the guardian's consent. */
    GUARDIAN_CONSENT("guardian-consent#"),
    /**
     * A sign-in link mailed to a guardian who acts for a learner under 16, bound to the guardian's address as an
     * email lookup key: it starts a session for the child's profile, acting as the guardian.
     */
    GUARDIAN_SIGN_IN("guardian-sign-in#", true);

    private final String keyPrefix;
    private final boolean carriesMac;

    TokenPurpose(String keyPrefix) {
        this(keyPrefix, false);
    }

    TokenPurpose(String keyPrefix, boolean carriesMac) {
        this.keyPrefix = keyPrefix;
        this.carriesMac = carriesMac;
    }

    /**
     * Whether its items carry a MAC over what they grant ({@link GrantMacs}), checked on every read: the
     * kinds that are or become a session.
     */
    public boolean carriesMac() {
        return carriesMac;
    }

    public String keyPrefix() {
        return keyPrefix;
    }
}
