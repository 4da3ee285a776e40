package coach.eco.learners.http;

import coach.eco.learners.refusal.Refusal;

/**
 * The one place where a refusal becomes an HTTP status and an RFC 9457 problem type and title.
 * docs/api.md lists the same table; RefusalCatalogueTest checks that both agree.
 */
public final class ProblemTypes {
    static final String TYPE_PREFIX = "urn:learner-profiles:problem:";

    /** A status, a problem type (after the prefix) and its title. */
    public record ProblemType(int status, String type, String title) {
    }

    private ProblemTypes() {
    }

    public static ProblemType of(Refusal refusal) {
        return switch (refusal) {
            case MISSING_BODY -> new ProblemType(400, "missing-body", "Missing body");
            case MALFORMED_JSON -> new ProblemType(400, "malformed-json", "Malformed JSON");
            case BODY_NOT_BASE64, BODY_DOES_NOT_BIND -> new ProblemType(400, "malformed-body", "Malformed body");
            case BODY_TOO_LARGE -> new ProblemType(413, "body-too-large", "Body too large");
            case UNSUPPORTED_MEDIA_TYPE -> new ProblemType(415, "unsupported-media-type", "Unsupported media type");
            case INVALID_FIELDS -> new ProblemType(422, "validation", "Invalid fields");
            case NOTHING_TO_CHANGE -> new ProblemType(422, "validation", "Nothing to change");
            case NO_SUCH_ROUTE -> new ProblemType(404, "not-found", "Not found");
            case IF_MATCH_REQUIRED -> new ProblemType(428, "precondition-required", "If-Match required");
            case INVALID_LINK -> new ProblemType(400, "invalid-link", "Invalid link");
            case NOT_SIGNED_IN -> new ProblemType(401, "unauthorized", "Unauthorized");
            case SIGN_IN_AGAIN -> new ProblemType(403, "sign-in-again", "Sign in again");
            case TOO_MANY_EMAILS -> new ProblemType(429, "too-many-emails", "Too many emails");
            case UNKNOWN_UNSUBSCRIBE_LINK -> new ProblemType(404, "not-found", "Unknown link");
            case EMAIL_TAKEN -> new ProblemType(409, "email-taken", "Email taken");
            case INVALID_IDEMPOTENCY_KEY -> new ProblemType(400, "invalid-idempotency-key", "Invalid Idempotency-Key");
            case REQUEST_IN_PROGRESS -> new ProblemType(409, "request-in-progress", "Request in progress");
            case IDEMPOTENCY_KEY_REUSED -> new ProblemType(422, "idempotency-key-reused", "Idempotency-Key reused");
            case STALE_VERSION -> new ProblemType(412, "stale-version", "Profile changed");
            case PROFILE_CHANGED -> new ProblemType(409, "profile-changed", "Profile changed");
            case DELETION_REQUESTED -> new ProblemType(409, "deletion-requested", "Deletion requested");
            case NO_DELETION_REQUEST -> new ProblemType(409, "no-deletion-request", "No deletion request");
            case GRACE_PERIOD_OVER -> new ProblemType(409, "grace-period-over", "Too late to cancel");
            case STAFF_ONLY -> new ProblemType(403, "forbidden", "Forbidden");
            case TOO_MANY_LOOKUPS -> new ProblemType(429, "too-many-lookups", "Too many lookups");
            case NO_SUCH_PROFILE -> new ProblemType(404, "not-found", "No such profile");
            case ALREADY_HELD -> new ProblemType(409, "already-held", "Already on hold");
            case NOT_HELD -> new ProblemType(409, "not-held", "Not on hold");
            case VERSION_EXISTS -> new ProblemType(409, "version-exists", "Version already published");
            case NO_POLICY -> new ProblemType(404, "no-policy", "No policy published");
            case NO_SUCH_POLICY_VERSION -> new ProblemType(404, "not-found", "No such policy version");
            case NO_CONSENT_ASKED -> new ProblemType(409, "no-consent-asked", "Nothing to answer");
            case NO_SUCH_REQUEST -> new ProblemType(404, "not-found", "No such entry");
            case REQUEST_CLOSED -> new ProblemType(409, "request-closed", "Request closed");
            case IDENTITY_NOT_CONFIRMED -> new ProblemType(409, "identity-not-confirmed", "Identity not confirmed");
            case ALREADY_EXTENDED -> new ProblemType(409, "already-extended", "Already extended");
            case NOT_EXTENDABLE -> new ProblemType(409, "not-extendable", "No extension");
            case EXTENSION_TOO_LONG -> new ProblemType(422, "extension-too-long", "Extension too long");
            case WRONG_REQUEST_KIND -> new ProblemType(409, "wrong-request-kind", "Wrong kind of request");
            case NOTICE_ALREADY_RECORDED -> new ProblemType(409, "notice-already-recorded", "Notice already recorded");
        };
    }
}
