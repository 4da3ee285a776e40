package coach.eco.learners.mail;

import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static coach.eco.learners.profile.ProfileAttributes.EXPIRES_AT;
import static coach.eco.learners.profile.ProfileAttributes.epochSeconds;
import static coach.eco.learners.profile.ProfileAttributes.s;
import static coach.eco.learners.token.TokenStore.LOOKUP_KEY;

/**
 * Counts requests for emailed links (sign-in, deletion) per email (by its lookup key), per purpose,
 * per clock hour, with an atomic counter that expires after the hour. Every request is counted,
 * known email or not, so both cost the same; nobody can flood a learner's inbox through a form.
 */
@Singleton
public class LinkRateLimit {
    private final DynamoDbClient dynamoDb;
    private final String table;
    private final int perHour;

    public LinkRateLimit(@Named("encrypting") DynamoDbClient dynamoDb, LearnerConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.getLookupTable();
        this.perHour = config.getEmailLinksPerHour();
    }

    /** Counts one request; true while this hour's count is within the limit. */
    public boolean allow(TokenPurpose purpose, String emailLookupKey, Instant now) {
        long hour = now.getEpochSecond() / 3600;
        var attributes = dynamoDb.updateItem(request -> request.tableName(table)
                .key(Map.of(LOOKUP_KEY, s("count#" + purpose.keyPrefix() + emailLookupKey + "#" + hour)))
                .updateExpression("ADD #count :one SET #expires = :expires")
                .expressionAttributeNames(Map.of("#count", "count", "#expires", EXPIRES_AT))
                .expressionAttributeValues(Map.of(
                        ":one", AttributeValue.fromN("1"),
                        ":expires", epochSeconds(Instant.ofEpochSecond((hour + 1) * 3600).plus(Duration.ofHours(1)))))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return Long.parseLong(attributes.get("count").n()) <= perHour;
    }
}
