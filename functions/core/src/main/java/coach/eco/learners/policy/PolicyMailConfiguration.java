package coach.eco.learners.policy;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * What the policy-change mailing needs beyond every function's configuration: the queue of
 * batches ({@code LEARNER_POLICY_MAIL_QUEUE_URL}), the send rate, the reminder's lead and the answer links' life.
 * Checked when the fan-out or sender starts, not by functions that never mail a policy.
 */
@ConfigurationProperties("learner")
public interface PolicyMailConfiguration {

    @NotBlank
    String getPolicyMailQueueUrl();

    /**
     * Policy emails per second per running sender; times the queue's maximum concurrency, this is
     * the whole mailing's rate, kept under the account's SES send quota.
     */
    @Min(1)
    @Max(1000)
    @Bindable(defaultValue = "10")
    int getPolicyMailsPerSecond();

    /**
     * How long before a consent version takes effect its one reminder goes to the learners who
     * have not answered (halfway between publication and effect, for a version published later).
     */
    @NotNull
    @Bindable(defaultValue = "P7D")
    Duration getPolicyReminderLead();

    /**
     * The longest the accept and refuse links of a policy-change email live: a link mailed long before
     * its version takes effect lives this long (60 days by default).
     */
    @NotNull
    @Bindable(defaultValue = "PT1440H")
    Duration getPolicyAnswerLinkTtl();

    /**
     * How long after its version takes effect (the start of the effective date, Vietnam time) an accept
     * or refuse link still works; later, the learner answers signed in.
     */
    @NotNull
    @Bindable(defaultValue = "P3D")
    Duration getPolicyAnswerLinkGrace();
}
