package coach.eco.learners.refusal;

import java.util.List;

/**
 * Every request the product refuses, named by what it refuses, with the reason the caller reads.
 * The domain throws these ({@link #refused()}); the HTTP adapter alone gives each its status and
 * problem type (http.ProblemTypes), and docs/api.md lists the same catalogue. A reason is a fixed
 * text: it never repeats what the caller sent.
 */
public enum Refusal {
    // The request itself.
    MISSING_BODY("This request needs a JSON body."),
    MALFORMED_JSON("The body must be a valid JSON object."),
    BODY_NOT_BASE64("The body is not valid base64."),
    BODY_DOES_NOT_BIND("The body does not match the expected fields."),
    BODY_TOO_LARGE("The body must be at most 64 KB."),
    UNSUPPORTED_MEDIA_TYPE("Send the body as application/json."),
    INVALID_FIELDS("One or more fields are missing or invalid."),
    NOTHING_TO_CHANGE("Send at least one of fullName, phone, email, marketingConsent."),
    NO_SUCH_ROUTE("There is no such route."),
    IF_MATCH_REQUIRED("Send the profile's ETag, as last read, in If-Match."),

    // Links and sessions.
    INVALID_LINK("This link is not valid: it may have been used already, have expired or been replaced by a "
            + "newer one. Ask for a new one."),
    NOT_SIGNED_IN("Sign in to continue: the session is missing, has ended or is not valid."),
    SIGN_IN_AGAIN("Changing the email needs a recent sign-in. Sign in again, then send the change."),
    TOO_MANY_EMAILS("No more emails may be sent to this address this hour. Try again later."),
    UNKNOWN_UNSUBSCRIBE_LINK("This unsubscribe link is not known."),
    EMAIL_TAKEN("The address this link would restore now belongs to another profile. Contact the centre."),

    // Retried requests (Idempotency-Key).
    INVALID_IDEMPOTENCY_KEY("Idempotency-Key must be 1 to 255 visible ASCII characters, such as a random UUID."),
    REQUEST_IN_PROGRESS("A request with this Idempotency-Key is still being handled. Try again in a moment."),
    IDEMPOTENCY_KEY_REUSED("This Idempotency-Key was sent with a different request. Use a new key for a new request."),

    // The profile's state.
    STALE_VERSION("The profile changed since it was read, or If-Match names no version of it. Read it again, "
            + "then send the change with its new version."),
    PROFILE_CHANGED("The profile kept changing while this request was handled. Please try again."),
    DELETION_REQUESTED("This profile is deactivated or due for deletion. Cancel that request to change the profile."),
    NO_DELETION_REQUEST("This profile has no deletion or deactivation request to cancel."),
    GRACE_PERIOD_OVER("The grace period of this deletion has ended: the profile is being erased and cannot be "
            + "restored."),

    // Staff routes.
    STAFF_ONLY("This route takes requests from the staff roles only."),
    TOO_MANY_LOOKUPS("This role has made as many profile lookups as it may this hour. Try again next hour."),
    NO_SUCH_PROFILE("No profile has this id or email; it may have been erased."),
    ALREADY_HELD("This profile is on legal hold already. Lift that hold before placing another."),
    NOT_HELD("This profile has no legal hold to lift."),

    // Policy versions and answers.
    VERSION_EXISTS("A policy version with this id is published already; a version never changes. "
            + "Publish the change under a new id."),
    NO_POLICY("No policy version has been published yet."),
    NO_SUCH_POLICY_VERSION("No policy version with this id is published."),
    NO_CONSENT_ASKED("This policy version informs only; it asks for no consent."),

    // The privacy desk.
    NO_SUCH_REQUEST("No request, disclosure or breach has this id."),
    REQUEST_CLOSED("This request is done or refused already; nothing more can be done with it."),
    IDENTITY_NOT_CONFIRMED("The requester's identity is not confirmed yet: the mailed link, or a document staff "
            + "checked, must confirm it first."),
    ALREADY_EXTENDED("This request's deadline was extended once already; the law allows one extension."),
    NOT_EXTENDABLE("This kind of request has no extension: its deadline is this system's own promise."),
    EXTENSION_TOO_LONG("An extension may add at most the configured number of days (15 by default)."),
    WRONG_REQUEST_KIND("This action does not fit this kind of request."),
    NOTICE_ALREADY_RECORDED("The notice to the authority is recorded already for this breach.");

    private final String reason;

    Refusal(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** This refusal, to throw. */
    public Refused refused() {
        return new Refused(this, List.of());
    }
}
