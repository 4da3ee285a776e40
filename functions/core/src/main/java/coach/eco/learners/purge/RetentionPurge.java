package coach.eco.learners.purge;

import coach.eco.learners.config.LearnerConfiguration;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static coach.eco.learners.profile.ProfileAttributes.ERASURE_DUE_AT;
import static coach.eco.learners.profile.ProfileAttributes.ERASURE_QUEUE;
import static coach.eco.learners.profile.ProfileAttributes.ERASURE_QUEUE_DUE;
import static coach.eco.learners.profile.ProfileAttributes.PROFILE_ID;
import static coach.eco.learners.profile.ProfileAttributes.epochSeconds;
import static coach.eco.learners.profile.ProfileAttributes.s;

/**
 * One run of the scheduled purge: every profile whose deletion is due, oldest first, read from the
 * sparse ErasureDue index (so a run costs what is due, not what is stored), each erased on its
 * own. A held, cancelled or changed profile is left as it is; it waits for a later run, or for ever.
 */
@Singleton
public class RetentionPurge {
    public static final String INDEX = "ErasureDue";
    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

    /** What a run did: profiles erased, and due profiles left waiting (held, or changed meanwhile). */
    @Serdeable
    public record Report(int erased, int waiting, boolean finished) {
    }

    private final DynamoDbClient dynamoDb;
    private final ErasureService erasure;
    private final String profilesTable;
    private final Clock clock;

    public RetentionPurge(@Named("plain") DynamoDbClient dynamoDb, ErasureService erasure,
                          LearnerConfiguration config, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.erasure = erasure;
        this.profilesTable = config.getProfilesTable();
        this.clock = clock;
    }

    /**
     * Erases what is due until done or until {@code stopBy}; what is left, the next run takes
     * (each erasure is its own transaction, so stopping between two loses nothing).
     */
    public Report run(Instant stopBy) {
        Instant now = clock.instant();
        int erased = 0;
        int waiting = 0;
        var due = dynamoDb.queryPaginator(request -> request.tableName(profilesTable)
                .indexName(INDEX)
                .keyConditionExpression("#queue = :due AND #at <= :now")
                .expressionAttributeNames(Map.of("#queue", ERASURE_QUEUE, "#at", ERASURE_DUE_AT))
                .expressionAttributeValues(Map.of(":due", s(ERASURE_QUEUE_DUE), ":now", epochSeconds(now))))
                .items();
        for (var item : due) {
            if (!clock.instant().isBefore(stopBy)) {
                LOG.warn("purge stopped at its time limit erased={} waiting={}", erased, waiting);
                return new Report(erased, waiting, false);
            }
            if (erasure.erase(item.get(PROFILE_ID).s())) {
                erased++;
            } else {
                waiting++;
            }
        }
        LOG.info("purge finished erased={} waiting={}", erased, waiting);
        return new Report(erased, waiting, true);
    }
}
