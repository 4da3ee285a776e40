package coach.eco.learners.update;

import coach.eco.learners.outbox.MailOutbox;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import org.slf4j.MDC;

import java.util.Map;
import java.util.UUID;

/**
 * Lambda handler for the scheduled run of the mail outbox: sends the mail that followed a committed
 * change and could not be sent at once. Returns how many it sent.
 */
public class MailOutboxFunction extends MicronautRequestHandler<Map<String, Object>, Integer> {
    @Inject
    MailOutbox outbox;

    public MailOutboxFunction() {
    }

    public MailOutboxFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public Integer execute(Map<String, Object> scheduleInput) {
        MDC.put("requestId", UUID.randomUUID().toString());
        try {
            return outbox.deliverDue();
        } finally {
            MDC.remove("requestId");
        }
    }
}
