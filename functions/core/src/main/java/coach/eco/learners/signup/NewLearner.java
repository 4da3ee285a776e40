package coach.eco.learners.signup;

import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.FullName;
import coach.eco.learners.profile.PhoneNumber;
import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * A checked signup: the learner's details and their answer per consent purpose (news and offers always);
 * for a learner under 16, their year of birth and their guardian's address ({@code minor}).
 */
public record NewLearner(FullName fullName, PhoneNumber phone, EmailAddress email, Map<String, Boolean> consents,
                         @Nullable Minor minor) {
    public NewLearner {
        consents = Map.copyOf(consents);
    }

    /** What a learner under 16 gives beside the rest: no more than the year of birth and a guardian's address. */
    public record Minor(int birthYear, EmailAddress guardianEmail) {
    }
}
