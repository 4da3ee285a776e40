package coach.eco.learners.purge;

import coach.eco.learners.config.LearnerConfiguration;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import org.slf4j.MDC;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Lambda handler for the hourly schedule: erases the profiles due for erasure under any rule. Its
 * role may read and delete, never decrypt: erasure reads only plain attributes. Invoked with
 * {@code {"dryRun": true}}, it reports what it would erase and warn, by rule, and changes nothing.
 */
public class RetentionPurgeFunction extends MicronautRequestHandler<Map<String, Object>, RetentionPurge.Report> {
    @Inject
    RetentionPurge purge;

    @Inject
    LearnerConfiguration config;

    @Inject
    Clock clock;

    public RetentionPurgeFunction() {
    }

    public RetentionPurgeFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public RetentionPurge.Report execute(Map<String, Object> scheduleInput) {
        MDC.put("requestId", UUID.randomUUID().toString());
        try {
            if (Boolean.TRUE.equals(scheduleInput.get("dryRun"))) {
                return purge.dryRun();
            }
            return purge.run(clock.instant().plus(config.getPurgeTimeLimit()));
        } finally {
            MDC.remove("requestId");
        }
    }
}
