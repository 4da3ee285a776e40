package coach.eco.learners.consent;

import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refused;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A learner's answers per purpose as they are recorded: only to purposes the centre asks about, each
 * with its evidence (the time, the channel and the policy version in force).
 */
@Singleton
public class ConsentAnswers {
    private final ConsentPurposeStore purposes;
    private final PolicyInForce policyInForce;

    public ConsentAnswers(ConsentPurposeStore purposes, PolicyInForce policyInForce) {
        this.purposes = purposes;
        this.policyInForce = policyInForce;
    }

    /** Refuses answers to a purpose that is not listed (422 {@code unknown-purpose}); checked before any write. */
    public void checkKnown(Set<String> purposeIds) {
        purposes.checkKnown(purposeIds);
    }

    /**
     * Refuses answers that are not consent (422 {@code validation}): whoever consents (a guardian, a learner come of
     * age) read the policy version in force ({@code policyVersion}, absent only while none is published) and
     * answered every purpose; consent is never by silence.
     */
    public void checkEveryPurposeAnswered(@Nullable String policyVersion, Map<String, Boolean> answers) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> inForce = policyInForce.versionId();
        if (inForce.isPresent() && policyVersion == null) {
            errors.add(new FieldError("policyVersion", FieldCode.REQUIRED));
        } else if (!Objects.equals(inForce.orElse(null), policyVersion)) {
            errors.add(new FieldError("policyVersion", FieldCode.INCONSISTENT, "policy-in-force"));
        }
        if (!answers.keySet().containsAll(purposes.all().stream().map(ConsentPurpose::purposeId).toList())) {
            errors.add(new FieldError("consents", FieldCode.REQUIRED, "every-purpose"));
        }
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
    }

    /** The answers given now through a channel, under the policy version in force, in the order of their ids. */
    public List<PurposeAnswer> given(Map<String, Boolean> answers, PurposeAnswer.Channel channel, Instant now) {
        return given(answers, channel, PurposeAnswer.Actor.LEARNER, now);
    }

    /** The answers {@code actor} gives now through a channel, under the policy version in force. */
    public List<PurposeAnswer> given(Map<String, Boolean> answers, PurposeAnswer.Channel channel,
                                     PurposeAnswer.Actor actor, Instant now) {
        String version = answers.isEmpty() ? null : policyInForce.versionId().orElse(null);
        return new TreeMap<>(answers).entrySet().stream()
                .map(answer -> new PurposeAnswer(answer.getKey(), answer.getValue(), now, channel, version, actor))
                .toList();
    }

    /** Every purpose the centre asks consent for, as the forms list them. */
    public List<ConsentPurpose> purposes() {
        return purposes.all();
    }

    /** The policy version in force now; empty until the first is published. */
    public Optional<String> policyVersionInForce() {
        return policyInForce.versionId();
    }
}
