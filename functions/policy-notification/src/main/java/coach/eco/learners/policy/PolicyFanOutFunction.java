package coach.eco.learners.policy;

import coach.eco.learners.aws.EventFunction;
import coach.eco.learners.desk.BreachFanOut;
import coach.eco.learners.desk.Breaches;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/**
 * Lambda handler for the EventBridge event a publication emits: queues every confirmed learner,
 * in batches, for the policy-change email; and for the privacy desk's breach notice, the learners the
 * breach affects. Reads plain attributes only: its role cannot decrypt.
 */
public class PolicyFanOutFunction extends EventFunction<ScheduledEvent, Object> {
    @Inject
    PolicyFanOut fanOut;

    @Inject
    BreachFanOut breachFanOut;

    public PolicyFanOutFunction() {
    }

    public PolicyFanOutFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Object handle(ScheduledEvent event) {
        if (Breaches.EVENT_DETAIL_TYPE.equals(event.getDetailType())) {
            return breachFanOut.run(String.valueOf(event.getDetail().get("breachId")));
        }
        return fanOut.run(String.valueOf(event.getDetail().get("versionId")));
    }
}
