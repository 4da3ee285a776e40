package coach.eco.learners.http;

import coach.eco.learners.refusal.Refusal;

/**
 * The one place where a refusal becomes an HTTP status and an RFC 9457 problem type.
 * docs/api.md lists the same table; RefusalCatalogueTest checks that both agree.
 */
public final class ProblemTypes {
    static final String TYPE_PREFIX = "urn:learner-profiles:problem:";

    /** A status and a problem type (after the prefix); its title is in the message bundles. */
    public record ProblemType(int status, String type) {
    }

    private ProblemTypes() {
    }

    public static ProblemType of(Refusal refusal) {
        return switch (refusal) {
            case MISSING_BODY -> new ProblemType(400, "missing-body");
            case MALFORMED_JSON -> new ProblemType(400, "malformed-json");
            case BODY_NOT_BASE64, BODY_DOES_NOT_BIND -> new ProblemType(400, "malformed-body");
            case BODY_TOO_LARGE -> new ProblemType(413, "body-too-large");
            case UNSUPPORTED_MEDIA_TYPE -> new ProblemType(415, "unsupported-media-type");
            case INVALID_FIELDS -> new ProblemType(422, "validation");
            case NOTHING_TO_CHANGE -> new ProblemType(422, "validation");
            case NO_SUCH_ROUTE -> new ProblemType(404, "not-found");
            case NOT_THROUGH_THE_EDGE -> new ProblemType(403, "forbidden");
            case IF_MATCH_REQUIRED -> new ProblemType(428, "precondition-required");
            case INVALID_LINK -> new ProblemType(400, "invalid-link");
            case NOT_SIGNED_IN -> new ProblemType(401, "unauthorized");
            case SIGN_IN_AGAIN -> new ProblemType(403, "sign-in-again");
            case TOO_MANY_EMAILS -> new ProblemType(429, "too-many-emails");
            case UNKNOWN_UNSUBSCRIBE_LINK -> new ProblemType(404, "not-found");
            case EMAIL_TAKEN -> new ProblemType(409, "email-taken");
            case INVALID_IDEMPOTENCY_KEY -> new ProblemType(400, "invalid-idempotency-key");
            case REQUEST_IN_PROGRESS -> new ProblemType(409, "request-in-progress");
            case IDEMPOTENCY_KEY_REUSED -> new ProblemType(422, "idempotency-key-reused");
            case STALE_VERSION -> new ProblemType(412, "stale-version");
            case PROFILE_CHANGED -> new ProblemType(409, "profile-changed");
            case DELETION_REQUESTED -> new ProblemType(409, "deletion-requested");
            case OWN_CONSENT_NOT_ASKED -> new ProblemType(409, "own-consent-not-asked");
            case NO_DELETION_REQUEST -> new ProblemType(409, "no-deletion-request");
            case GRACE_PERIOD_OVER -> new ProblemType(409, "grace-period-over");
            case STAFF_ONLY -> new ProblemType(403, "forbidden");
            case PUBLISHERS_ONLY -> new ProblemType(403, "forbidden");
            case TOO_MANY_LOOKUPS -> new ProblemType(429, "too-many-lookups");
            case NO_SUCH_PROFILE -> new ProblemType(404, "not-found");
            case ALREADY_HELD -> new ProblemType(409, "already-held");
            case NOT_HELD -> new ProblemType(409, "not-held");
            case VERSION_EXISTS -> new ProblemType(409, "version-exists");
            case NOT_APPROVED -> new ProblemType(409, "not-approved");
            case ALREADY_APPROVED -> new ProblemType(409, "already-approved");
            case OWN_PUBLICATION -> new ProblemType(409, "own-publication");
            case NO_POLICY -> new ProblemType(404, "no-policy");
            case NO_SUCH_POLICY_VERSION -> new ProblemType(404, "not-found");
            case NO_CONSENT_ASKED -> new ProblemType(409, "no-consent-asked");
            case PURPOSE_EXISTS -> new ProblemType(409, "purpose-exists");
            case NO_SUCH_MAILING -> new ProblemType(404, "not-found");
            case NO_SUCH_PURPOSE -> new ProblemType(404, "not-found");
            case NO_SUCH_REQUEST -> new ProblemType(404, "not-found");
            case REQUEST_CLOSED -> new ProblemType(409, "request-closed");
            case IDENTITY_NOT_CONFIRMED -> new ProblemType(409, "identity-not-confirmed");
            case ALREADY_EXTENDED -> new ProblemType(409, "already-extended");
            case NOT_EXTENDABLE -> new ProblemType(409, "not-extendable");
            case EXTENSION_TOO_LONG -> new ProblemType(422, "extension-too-long");
            case WRONG_REQUEST_KIND -> new ProblemType(409, "wrong-request-kind");
            case NOTICE_ALREADY_RECORDED -> new ProblemType(409, "notice-already-recorded");
        };
    }
}
