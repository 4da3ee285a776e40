package coach.eco.learners.mail;

import coach.eco.learners.aws.LambdaContexts;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;

/**
 * Lambda handler for the events SES sends through the configuration set to EventBridge: a
 * permanent bounce or a complaint suppresses the address (transient bounces are SES's to retry).
 */
public class MailEventsFunction extends MicronautRequestHandler<ScheduledEvent, Integer> {
    @Inject
    MailEvents mailEvents;

    public MailEventsFunction() {
    }

    public MailEventsFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    @Override
    public Integer execute(ScheduledEvent event) {
        MDC.put("requestId", event.getId());
        try {
            Map<String, Object> detail = event.getDetail();
            if (detail.get("bounce") instanceof Map<?, ?> bounce && "Permanent".equals(bounce.get("bounceType"))) {
                return mailEvents.suppress(addresses(bounce.get("bouncedRecipients")), "bounce");
            }
            if (detail.get("complaint") instanceof Map<?, ?> complaint) {
                return mailEvents.suppress(addresses(complaint.get("complainedRecipients")), "complaint");
            }
            return 0;
        } finally {
            MDC.remove("requestId");
        }
    }

    private static List<String> addresses(Object recipients) {
        return recipients instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(recipient -> ((Map<?, ?>) recipient).get("emailAddress"))
                        .filter(String.class::isInstance).map(String.class::cast).toList()
                : List.of();
    }
}
