package coach.eco.learners.policy;

import coach.eco.learners.aws.EventFunction;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/**
 * Lambda handler for the EventBridge event a publication emits: queues every confirmed learner,
 * in batches, for the policy-change email. Reads plain attributes only: its role cannot decrypt.
 */
public class PolicyFanOutFunction extends EventFunction<ScheduledEvent, PolicyFanOut.Report> {
    @Inject
    PolicyFanOut fanOut;

    public PolicyFanOutFunction() {
    }

    public PolicyFanOutFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected PolicyFanOut.Report handle(ScheduledEvent event) {
        return fanOut.run(String.valueOf(event.getDetail().get("versionId")));
    }
}
