package coach.eco.learners.purge;

import coach.eco.learners.aws.EventFunction;
import coach.eco.learners.config.LearnerConfiguration;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Map;

/**
 * Lambda handler for the hourly warnings of inactive learners. Apart from the purge: this one must
 * decrypt (the address) and send mail, the purge must not.
 */
public class InactivityWarningFunction extends EventFunction<Map<String, Object>, RetentionPurge.Report> {
    @Inject
    InactivityWarnings warnings;

    @Inject
    LearnerConfiguration config;

    @Inject
    Clock clock;

    public InactivityWarningFunction() {
    }

    public InactivityWarningFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected RetentionPurge.Report handle(Map<String, Object> scheduleInput) {
        return warnings.run(clock.instant().plus(config.getPurgeTimeLimit()));
    }
}
