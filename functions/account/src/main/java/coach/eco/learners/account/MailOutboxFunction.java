package coach.eco.learners.account;

import coach.eco.learners.aws.EventFunction;
import coach.eco.learners.outbox.MailOutbox;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Lambda handler for the scheduled run of the mail outbox: sends the mail that followed a committed
 * change and could not be sent at once. Returns how many it sent.
 */
public class MailOutboxFunction extends EventFunction<Map<String, Object>, Integer> {
    @Inject
    MailOutbox outbox;

    public MailOutboxFunction() {
    }

    public MailOutboxFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Integer handle(Map<String, Object> scheduleInput) {
        return outbox.deliverDue();
    }
}
