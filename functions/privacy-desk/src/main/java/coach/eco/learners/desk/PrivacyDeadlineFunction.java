package coach.eco.learners.desk;

import coach.eco.learners.aws.EventFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Lambda handler for the daily schedule: the privacy desk's deadline check. Publishes how many requests
 * are due within a working day and overdue, and how many breaches wait for their authority notice, for the
 * alarms. Reads ids and due dates only: its role cannot decrypt and sends no mail.
 */
public class PrivacyDeadlineFunction extends EventFunction<Map<String, Object>, DeadlineCheck.Report> {
    @Inject
    DeadlineCheck check;

    public PrivacyDeadlineFunction() {
    }

    public PrivacyDeadlineFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected DeadlineCheck.Report handle(Map<String, Object> scheduleInput) {
        return check.run();
    }
}
