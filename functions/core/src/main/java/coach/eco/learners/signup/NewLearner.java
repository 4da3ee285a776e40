package coach.eco.learners.signup;

import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.FullName;
import coach.eco.learners.profile.PhoneNumber;

import java.util.Map;

/** A checked signup: the learner's details and their answer per consent purpose (news and offers always). */
public record NewLearner(FullName fullName, PhoneNumber phone, EmailAddress email, Map<String, Boolean> consents) {
    public NewLearner {
        consents = Map.copyOf(consents);
    }
}
