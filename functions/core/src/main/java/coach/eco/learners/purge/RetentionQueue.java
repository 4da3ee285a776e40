package coach.eco.learners.purge;

import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.profile.RetentionRule;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static coach.eco.learners.profile.ProfileAttributes.PROFILE_ID;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_DUE_AT;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_FAILURES;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_QUEUE;
import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.s;

/**
 * The queues of the sparse RetentionDue index: what is due now in a queue, oldest first (a run costs
 * what is due, not what is stored), a walk over it within a time limit, and the bookkeeping of items
 * that fail. An item that fails
 * {@code retentionMaxAttempts} runs in a row moves to the parked queue, where it no longer holds up
 * anything and is reported by id on every run until an operator deals with it.
 */
@Singleton
public class RetentionQueue {
    public static final String INDEX = "RetentionDue";
    private static final Logger LOG = LoggerFactory.getLogger(RetentionQueue.class);

    private final DynamoDbClient dynamoDb;
    private final String profilesTable;
    private final int maxAttempts;
    private final Clock clock;

    /** What became of one due item. */
    public enum Outcome { DONE, NO_LONGER_DUE, HELD, FAILED }

    /** Takes one due item; throwing counts as {@link Outcome#FAILED}. */
    @FunctionalInterface
    public interface Step {
        Outcome take(Map<String, AttributeValue> item);
    }

    /**
     * What a walk did: items done and held, the items that failed, and the item it stopped at when its
     * time ran out (null if it reached the end).
     */
    public record Walk(int done, int held, List<Map<String, AttributeValue>> failed,
                       @Nullable Map<String, AttributeValue> stoppedAt) {

        public boolean finished() {
            return stoppedAt == null;
        }

        public List<String> failedIds() {
            return failed.stream().map(item -> item.get(PROFILE_ID).s()).toList();
        }
    }

    public RetentionQueue(@Named("plain") DynamoDbClient dynamoDb, LearnerConfiguration config, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.profilesTable = config.getProfilesTable();
        this.maxAttempts = config.getRetentionMaxAttempts();
        this.clock = clock;
    }

    /**
     * Takes the queue's items due at {@code now}, each on its own, until done or until {@code stopBy}:
     * an item that fails never stops the walk, and has its failure recorded if {@code recordFailures}
     * (a dry run counts none).
     */
    public Walk walk(String queue, Instant now, Instant stopBy, boolean recordFailures, Step step) {
        int done = 0;
        int held = 0;
        List<Map<String, AttributeValue>> failed = new ArrayList<>();
        for (var item : due(queue, now)) {
            if (!clock.instant().isBefore(stopBy)) {
                return new Walk(done, held, failed, item);
            }
            Exception cause = null;
            Outcome outcome;
            try {
                outcome = step.take(item);
            } catch (RuntimeException e) {
                cause = e;
                outcome = Outcome.FAILED;
            }
            switch (outcome) {
                case DONE -> done++;
                case HELD -> held++;
                case FAILED -> {
                    failed.add(item);
                    if (recordFailures) {
                        recordFailure(item.get(PROFILE_ID).s(), cause);
                    }
                }
                case NO_LONGER_DUE -> { }
            }
        }
        return new Walk(done, held, failed, null);
    }

    /** The index items of the queue due at {@code now}, oldest first, read page by page as iterated. */
    public Iterable<Map<String, AttributeValue>> due(String queue, Instant now) {
        return dynamoDb.queryPaginator(request -> request.tableName(profilesTable)
                .indexName(INDEX)
                .keyConditionExpression("#queue = :queue AND #at <= :now")
                .expressionAttributeNames(Map.of("#queue", RETENTION_QUEUE, "#at", RETENTION_DUE_AT))
                .expressionAttributeValues(Map.of(":queue", s(queue), ":now", epochSeconds(now))))
                .items();
    }

    /** Every parked item. */
    public List<Map<String, AttributeValue>> parked() {
        return dynamoDb.queryPaginator(request -> request.tableName(profilesTable)
                .indexName(INDEX)
                .keyConditionExpression("#queue = :queue")
                .expressionAttributeNames(Map.of("#queue", RETENTION_QUEUE))
                .expressionAttributeValues(Map.of(":queue", s(RetentionRule.PARKED))))
                .items().stream().toList();
    }

    /**
     * Counts a failure of the profile's item; parks it when it has failed too often. Never throws:
     * the run goes on with the next item whatever happens here (the item then simply comes again).
     */
    private void recordFailure(String profileId, @Nullable Exception cause) {
        LOG.warn("retention item failed profileId={} error={}", profileId,
                cause == null ? "condition" : cause.getClass().getName());
        try {
            var attributes = dynamoDb.updateItem(request -> request.tableName(profilesTable)
                    .key(Map.of(PROFILE_ID, s(profileId)))
                    .updateExpression("ADD #failures :one")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#failures", RETENTION_FAILURES, "#id", PROFILE_ID))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes();
            if (Integer.parseInt(attributes.get(RETENTION_FAILURES).n()) >= maxAttempts) {
                dynamoDb.updateItem(request -> request.tableName(profilesTable)
                        .key(Map.of(PROFILE_ID, s(profileId)))
                        .updateExpression("SET #queue = :parked")
                        .conditionExpression("attribute_exists(#id)")
                        .expressionAttributeNames(Map.of("#queue", RETENTION_QUEUE, "#id", PROFILE_ID))
                        .expressionAttributeValues(Map.of(":parked", s(RetentionRule.PARKED))));
                LOG.error("retention item parked after {} failed runs profileId={}", maxAttempts, profileId);
            }
        } catch (ConditionalCheckFailedException gone) {
            LOG.info("retention item gone meanwhile profileId={}", profileId);
        } catch (SdkException | NumberFormatException e) {
            LOG.warn("retention failure not recorded profileId={} error={}", profileId, e.getClass().getName());
        }
    }
}
