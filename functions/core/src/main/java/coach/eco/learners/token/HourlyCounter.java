package coach.eco.learners.token;

import coach.eco.learners.aws.Plain;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.lookup.LookupTable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static coach.eco.learners.aws.Items.EXPIRES_AT;
import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.lookup.LookupTable.LOOKUP_KEY;

/**
 * Counts events per clock hour in the lookup table, with an atomic counter item that expires an
 * hour after its hour ends: the basis of every rate limit here, exact under concurrency.
 */
@Singleton
public class HourlyCounter {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public HourlyCounter(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.getLookupTable();
    }

    /** Counts one more event of {@code counter} in the hour of {@code now}; returns the hour's count so far. */
    public long increment(String counter, Instant now) {
        Instant hourStart = now.truncatedTo(ChronoUnit.HOURS);
        var attributes = dynamoDb.updateItem(request -> request.tableName(table)
                .key(Map.of(LOOKUP_KEY, LookupTable.hourlyCountKey(counter, hourStart.getEpochSecond() / 3600)))
                .updateExpression("ADD #count :one SET #expires = :expires")
                .expressionAttributeNames(Map.of("#count", "count", "#expires", EXPIRES_AT))
                .expressionAttributeValues(Map.of(
                        ":one", AttributeValue.fromN("1"),
                        // An hour after the hour ends.
                        ":expires", epochSeconds(hourStart.plus(Duration.ofHours(2)))))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return Long.parseLong(attributes.get("count").n());
    }
}
