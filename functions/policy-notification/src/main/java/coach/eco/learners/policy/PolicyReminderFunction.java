package coach.eco.learners.policy;

import coach.eco.learners.aws.LambdaContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Lambda handler for the daily schedule that queues the one reminder of each consent version whose
 * reminder day has come. Like the fan-out, it reads plain attributes only: its role cannot decrypt.
 */
public class PolicyReminderFunction extends MicronautRequestHandler<Map<String, Object>, List<PolicyFanOut.Report>> {
    @Inject
    PolicyFanOut fanOut;

    public PolicyReminderFunction() {
    }

    public PolicyReminderFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    @Override
    public List<PolicyFanOut.Report> execute(Map<String, Object> scheduleInput) {
        MDC.put("requestId", UUID.randomUUID().toString());
        try {
            return fanOut.remindDue();
        } finally {
            MDC.remove("requestId");
        }
    }
}
