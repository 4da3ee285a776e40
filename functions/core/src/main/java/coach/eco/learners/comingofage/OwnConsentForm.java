package coach.eco.learners.comingofage;

import coach.eco.learners.consent.ConsentChoices;
import coach.eco.learners.refusal.FieldChecks;
import coach.eco.learners.refusal.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.Map;

/**
 * What a learner who came of age posts, signed in, to take over: the policy version in force they read (absent
 * only while none is published), and their own answer to every consent purpose the centre asks about.
 */
@Serdeable
public record OwnConsentForm(@Nullable String policyVersion, @NotNull Map<String, Boolean> consents)
        implements FieldChecks {

    @Override
    public List<FieldError> fieldErrors() {
        return ConsentChoices.errors(null, consents, false);
    }
}
