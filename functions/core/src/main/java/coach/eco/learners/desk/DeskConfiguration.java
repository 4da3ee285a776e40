package coach.eco.learners.desk;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * The privacy desk's deadlines, each configurable ({@code LEARNER_REQUEST_...}); the defaults follow
 * Law 91/2025/QH15 and Decree 356/2025/ND-CP, or the policy and this system where they promise more
 * (the rule table, {@link DeadlineRules}, says which). Checked when a function that uses the desk starts.
 */
@ConfigurationProperties("learner")
public interface DeskConfiguration {

    /** Working days to tell the person how a request will be handled (Decree 356/2025/ND-CP). */
    @Min(1)
    @Max(2)
    @Bindable(defaultValue = "2")
    int getRequestAcknowledgementWorkingDays();

    /** Days to carry out a withdrawal of consent, a restriction or an objection (Decree 356/2025/ND-CP). */
    @Min(1)
    @Max(15)
    @Bindable(defaultValue = "15")
    int getRequestRestrictionDays();

    /** The same where a processor is involved. */
    @Min(1)
    @Max(20)
    @Bindable(defaultValue = "20")
    int getRequestRestrictionWithProcessorDays();

    /** The one extension's most days, stated with its reason (Decree 356/2025/ND-CP). */
    @Min(1)
    @Max(15)
    @Bindable(defaultValue = "15")
    int getRequestExtensionMaxDays();

    /** Days to answer a request for access or a copy, or a correction (policy, section V: 30 days). */
    @Min(1)
    @Max(30)
    @Bindable(defaultValue = "30")
    int getRequestAnswerDays();

    /** From the identity's confirmation to the erasure of a deletion request (this system's 72 hours). */
    @NotNull
    @Bindable(defaultValue = "PT72H")
    Duration getRequestErasureWithin();

    /** From a breach's detection to the notice to the authority (Law 91/2025/QH15: 72 hours). */
    @NotNull
    @Bindable(defaultValue = "PT72H")
    Duration getBreachAuthorityNoticeWithin();

    /** The deadline check warns of an entry whose next deadline is less than this many working days away. */
    @Min(1)
    @Bindable(defaultValue = "1")
    int getDeadlineWarningWorkingDays();
}
