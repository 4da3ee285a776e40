package coach.eco.learners.refusal;

import java.util.List;

/**
 * Every request the product refuses, named by what it refuses. The domain throws these
 * ({@link #refused()}); the HTTP adapter alone gives each its status and problem type
 * (http.ProblemTypes), and its title and detail in the caller's language from the message bundles
 * ({@code problem.<NAME>.title}, {@code .detail}); docs/api.md lists the same catalogue. A detail is
 * a fixed text: it never repeats what the caller sent.
 */
public enum Refusal {
    // The request itself.
    MISSING_BODY,
    MALFORMED_JSON,
    BODY_NOT_BASE64,
    BODY_DOES_NOT_BIND,
    BODY_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    INVALID_FIELDS,
    NOTHING_TO_CHANGE,
    NO_SUCH_ROUTE,
    /** With the edge on, a public route called at the API's own domain, around CloudFront and its WAF. */
    NOT_THROUGH_THE_EDGE,
    IF_MATCH_REQUIRED,

    // Links and sessions.
    INVALID_LINK,
    NOT_SIGNED_IN,
    SIGN_IN_AGAIN,
    TOO_MANY_EMAILS,
    UNKNOWN_UNSUBSCRIBE_LINK,
    EMAIL_TAKEN,

    // Retried requests (Idempotency-Key).
    INVALID_IDEMPOTENCY_KEY,
    REQUEST_IN_PROGRESS,
    IDEMPOTENCY_KEY_REUSED,

    // The profile's state.
    STALE_VERSION,
    PROFILE_CHANGED,
    DELETION_REQUESTED,
    /** An own answer from a learner who has not come of age, or who gave theirs already. */
    OWN_CONSENT_NOT_ASKED,
    NO_DELETION_REQUEST,
    GRACE_PERIOD_OVER,

    // Staff routes.
    STAFF_ONLY,
    PUBLISHERS_ONLY,
    TOO_MANY_LOOKUPS,
    NO_SUCH_PROFILE,
    ALREADY_HELD,
    NOT_HELD,

    // Policy versions and answers.
    VERSION_EXISTS,
    NOT_APPROVED,
    ALREADY_APPROVED,
    OWN_PUBLICATION,
    NO_POLICY,
    NO_SUCH_POLICY_VERSION,
    NO_CONSENT_ASKED,

    // Consent purposes.
    PURPOSE_EXISTS,
    NO_SUCH_MAILING,
    NO_SUCH_PURPOSE,

    // The privacy desk.
    NO_SUCH_REQUEST,
    REQUEST_CLOSED,
    IDENTITY_NOT_CONFIRMED,
    ALREADY_EXTENDED,
    NOT_EXTENDABLE,
    EXTENSION_TOO_LONG,
    WRONG_REQUEST_KIND,
    NOTICE_ALREADY_RECORDED;

    /** This refusal, to throw. */
    public Refused refused() {
        return new Refused(this, List.of());
    }
}
