package coach.eco.learners.purge;

import coach.eco.learners.aws.LambdaContexts;
import coach.eco.learners.config.LearnerConfiguration;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import org.slf4j.MDC;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Lambda handler for the hourly warnings of inactive learners. Apart from the purge: this one must
 * decrypt (the address) and send mail, the purge must not.
 */
public class InactivityWarningFunction extends MicronautRequestHandler<Map<String, Object>, RetentionPurge.Report> {
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
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    @Override
    public RetentionPurge.Report execute(Map<String, Object> scheduleInput) {
        MDC.put("requestId", UUID.randomUUID().toString());
        try {
            return warnings.run(clock.instant().plus(config.getPurgeTimeLimit()));
        } finally {
            MDC.remove("requestId");
        }
    }
}
