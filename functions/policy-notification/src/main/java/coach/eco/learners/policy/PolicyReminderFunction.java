package coach.eco.learners.policy;

import coach.eco.learners.aws.EventFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;

/**
 * Lambda handler for the daily schedule that queues the one reminder of each consent version whose
 * reminder day has come. Like the fan-out, it reads plain attributes only: its role cannot decrypt.
 */
public class PolicyReminderFunction extends EventFunction<Map<String, Object>, List<PolicyFanOut.Report>> {
    @Inject
    PolicyFanOut fanOut;

    public PolicyReminderFunction() {
    }

    public PolicyReminderFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected List<PolicyFanOut.Report> handle(Map<String, Object> scheduleInput) {
        return fanOut.remindDue();
    }
}
