package coach.eco.learners.testing;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileService;
import coach.eco.learners.profile.ProfileView;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.session.Sessions;
import coach.eco.learners.session.SignInLinks;
import coach.eco.learners.signup.SignupForm;
import coach.eco.learners.signup.SignupConfirmations;
import coach.eco.learners.signup.SignupService;
import io.micronaut.context.ApplicationContext;

/**
 * A learner's way in through core's services in the context of the function under test, over the
 * emulator like the routes: for the tests of a function that does not own the signup and sign-in
 * routes. Calls from here are no function's, so the grants check does not count them.
 */
public final class LearnerSetUp extends LearnerWayIn {
    private final SignInLinks signIn;
    private final Sessions sessions;
    private final ProfileService profiles;

    public LearnerSetUp(ApplicationContext context) {
        super(signups(context));
        signIn = context.getBean(SignInLinks.class);
        sessions = context.getBean(Sessions.class);
        profiles = context.getBean(ProfileService.class);
    }

    /** Signing up and confirming through the signup service of this context. */
    public static Signups signups(ApplicationContext context) {
        SignupService signup = context.getBean(SignupService.class);
        SignupConfirmations confirmations = context.getBean(SignupConfirmations.class);
        return new Signups() {
            @Override
            public void signUp(TestLearners.Learner learner) {
                signup.signup(new SignupForm(learner.fullName(), learner.phone(), learner.email(), true, null, null, null, null).validated());
            }

            @Override
            public void confirm(String verificationToken) {
                confirmations.verify(verificationToken);
            }
        };
    }

    @Override
    protected void askForLink(String email) {
        signIn.requestLink(EmailAddress.parse(email));
    }

    @Override
    protected String sessionFrom(String linkToken) {
        return signIn.startSession(linkToken).sessionToken();
    }

    /** Whether the session still signs its learner in (what a signed-in request would get past). */
    public boolean signedIn(String session) {
        try {
            sessions.authenticate("Bearer " + session);
            return true;
        } catch (Refused notSignedIn) {
            return false;
        }
    }

    /** The signed-in learner's profile. */
    public Profile profile(String session) {
        return profiles.read(sessions.authenticate("Bearer " + session).profileId());
    }

    /** The signed-in learner's profile as the learner reads it ({@code GET /v1/profiles/me}'s body). */
    public String profileJson(String session) {
        return Json.of(ProfileView.of(profile(session), ConsentPurpose.BUILT_IN));
    }
}
