package coach.eco.learners.signup;

import coach.eco.learners.consent.ConsentChoices;
import coach.eco.learners.refusal.FieldChecks;
import coach.eco.learners.refusal.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.Map;

/**
 * What the guardian of a learner under 16 posts from the page their mailed link opens: the token from the
 * link, the policy version in force they read (absent only while none is published), and their own answer
 * to every consent purpose the centre asks about.
 */
@Serdeable
public record GuardianConsentForm(
        @NotNull String token,
        @Nullable String policyVersion,
        @NotNull Map<String, Boolean> consents) implements FieldChecks {

    @Override
    public List<FieldError> fieldErrors() {
        return ConsentChoices.errors(null, consents, false);
    }
}
