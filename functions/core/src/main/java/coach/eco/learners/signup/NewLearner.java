package coach.eco.learners.signup;

import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.FullName;
import coach.eco.learners.profile.PhoneNumber;

public record NewLearner(FullName fullName, PhoneNumber phone, EmailAddress email, boolean marketingConsent) {
}
