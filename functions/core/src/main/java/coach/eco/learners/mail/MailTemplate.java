package coach.eco.learners.mail;

/** The emails this system sends; each has a subject, a text and an HTML template under /mail. */
public enum MailTemplate {
    /** To a new learner: confirm this address. Values: named, fullName, link, validHours. */
    VERIFY_EMAIL("verify-email"),
    /** To a learner whose address was used again to sign up. Values: signInUrl. */
    SIGNUP_ATTEMPT("signup-attempt");

    private final String resourceName;

    MailTemplate(String resourceName) {
        this.resourceName = resourceName;
    }

    String resourceName() {
        return resourceName;
    }
}
