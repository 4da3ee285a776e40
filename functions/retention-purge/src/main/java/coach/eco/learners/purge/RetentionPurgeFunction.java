package coach.eco.learners.purge;

import coach.eco.learners.aws.EventFunction;
import coach.eco.learners.config.LearnerConfiguration;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Map;

/**
 * Lambda handler for the hourly schedule: erases the profiles due for erasure under any rule. Its
 * role may read and delete, never decrypt: erasure reads only plain attributes. Invoked with
 * {@code {"dryRun": true}}, it reports what it would erase and warn, by rule, and changes nothing.
 * Invoked by an operator with {@code {"trigger": "restore"}} after tables were restored from a
 * backup, it first erases again every profile the erasure ledger names (docs/operations.md).
 */
public class RetentionPurgeFunction extends EventFunction<Map<String, Object>, RetentionPurge.Report> {
    static final String RESTORE = "restore";

    @Inject
    RetentionPurge purge;

    @Inject
    ErasureLedger ledger;

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
    protected RetentionPurge.Report handle(Map<String, Object> scheduleInput) {
        if (Boolean.TRUE.equals(scheduleInput.get("dryRun"))) {
            return purge.dryRun();
        }
        if (RESTORE.equals(scheduleInput.get("trigger"))) {
            ledger.reapply();
        }
        return purge.run(clock.instant().plus(config.getPurgeTimeLimit()));
    }
}
