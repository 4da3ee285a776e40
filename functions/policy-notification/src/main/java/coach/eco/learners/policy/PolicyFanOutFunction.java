package coach.eco.learners.policy;

import coach.eco.learners.aws.LambdaContexts;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import org.slf4j.MDC;

/**
 * Lambda handler for the EventBridge event a publication emits: queues every confirmed learner,
 * in batches, for the policy-change email. Reads plain attributes only: its role cannot decrypt.
 */
public class PolicyFanOutFunction extends MicronautRequestHandler<ScheduledEvent, PolicyFanOut.Report> {
    @Inject
    PolicyFanOut fanOut;

    public PolicyFanOutFunction() {
    }

    public PolicyFanOutFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    @Override
    public PolicyFanOut.Report execute(ScheduledEvent event) {
        MDC.put("requestId", event.getId());
        try {
            return fanOut.run(String.valueOf(event.getDetail().get("versionId")));
        } finally {
            MDC.remove("requestId");
        }
    }
}
