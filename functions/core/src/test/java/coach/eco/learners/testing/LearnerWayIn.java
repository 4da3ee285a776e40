package coach.eco.learners.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A learner's way in: sign up, confirm the email from its mail, ask for a link, sign in with it.
 * The steps are the same whether a test takes them over the functions' routes or through their
 * services; every session started is remembered for the check that logs hold none.
 */
public abstract class LearnerWayIn {
    private static final Set<String> SESSION_TOKENS = ConcurrentHashMap.newKeySet();

    /** Signing up and confirming the email: over the signup function's routes, or through its service. */
    public interface Signups {
        void signUp(TestLearners.Learner learner);

        /** Confirms the email with the token of the link mailed to it. */
        void confirm(String verificationToken);
    }

    private final Signups signups;

    protected LearnerWayIn(Signups signups) {
        this.signups = signups;
    }

    public void signUp(TestLearners.Learner learner) {
        signups.signUp(learner);
    }

    /** Asks for a sign-in link to the address, and sees it accepted. */
    protected abstract void askForLink(String email);

    /** Exchanges a sign-in link's token for a session; returns the session token. */
    protected abstract String sessionFrom(String linkToken);

    /** Signs the learner up, confirms the email and signs in; returns the session token. */
    public String signedUpAndSignedIn(TestLearners.Learner learner) {
        signups.signUp(learner);
        signups.confirm(latestTokenTo(learner.email()));
        return signIn(learner.email());
    }

    /** Asks for a sign-in link and exchanges it; returns the session token. */
    public String signIn(String email) {
        askForLink(email);
        String token = sessionFrom(latestTokenTo(email));
        SESSION_TOKENS.add(token);
        return token;
    }

    /** A session or link token a test wrote into the tables itself, for the same check. */
    static void remember(String token) {
        SESSION_TOKENS.add(token);
    }

    /** Every session token this run started, and every token a test wrote itself, for the check that logs hold none. */
    public static Set<String> sessionTokens() {
        return Set.copyOf(SESSION_TOKENS);
    }

    public static String latestTokenTo(String email) {
        List<Outbox.Mail> mails = Outbox.mailTo(email);
        assertThat(mails).isNotEmpty();
        return Outbox.tokenIn(mails.get(mails.size() - 1));
    }

    /** A string field of a JSON body, read with the functions' JSON mapper. */
    public static String field(String json, String name) {
        return Json.field(json, name);
    }
}
