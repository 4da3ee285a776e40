package coach.eco.learners.session;

import coach.eco.learners.aws.Plain;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static coach.eco.learners.aws.Items.EXPIRES_AT;
import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.lookup.LookupTable.LOOKUP_KEY;
import static coach.eco.learners.lookup.LookupTable.PROFILE_ID;

/** Sessions in the lookup table, keyed by the hash of their token; the TTL follows the idle expiry. */
@Singleton
public class SessionStore {
    private static final String SIGNED_IN_AT = "signedInAt";
    private static final String LAST_SEEN_AT = "lastSeenAt";
    private static final String ABSOLUTE_EXPIRES_AT = "absoluteExpiresAt";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final LearnerConfiguration config;

    public SessionStore(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.getLookupTable();
        this.config = config;
    }

    public TransactWriteItem create(OneTimeToken token, String profileId, Instant now) {
        Instant absolute = now.plus(config.getSessionAbsoluteTimeout());
        return TransactWriteItem.builder().put(put -> put
                .tableName(table)
                .item(Map.of(
                        LOOKUP_KEY, TokenStore.keyOf(TokenPurpose.SESSION, token),
                        PROFILE_ID, s(profileId),
                        SIGNED_IN_AT, s(now.toString()),
                        LAST_SEEN_AT, s(now.toString()),
                        ABSOLUTE_EXPIRES_AT, s(absolute.toString()),
                        EXPIRES_AT, epochSeconds(expiry(now, absolute))))
                .conditionExpression("attribute_not_exists(" + LOOKUP_KEY + ")")).build();
    }

    public Optional<Session> find(OneTimeToken token) {
        var item = dynamoDb.getItem(request -> request.tableName(table)
                .key(Map.of(LOOKUP_KEY, TokenStore.keyOf(TokenPurpose.SESSION, token)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Session(item.get(PROFILE_ID).s(), Instant.parse(item.get(SIGNED_IN_AT).s()),
                Instant.parse(item.get(LAST_SEEN_AT).s()), Instant.parse(item.get(ABSOLUTE_EXPIRES_AT).s())));
    }

    /** Records use of the session; false if it was revoked meanwhile. */
    public boolean touch(OneTimeToken token, Session session, Instant now) {
        try {
            dynamoDb.updateItem(request -> request.tableName(table)
                    .key(Map.of(LOOKUP_KEY, TokenStore.keyOf(TokenPurpose.SESSION, token)))
                    .updateExpression("SET #seen = :now, #expires = :expires")
                    .conditionExpression("attribute_exists(#key)")
                    .expressionAttributeNames(Map.of("#seen", LAST_SEEN_AT, "#expires", EXPIRES_AT, "#key", LOOKUP_KEY))
                    .expressionAttributeValues(Map.of(
                            ":now", s(now.toString()),
                            ":expires", epochSeconds(expiry(now, session.absoluteExpiresAt())))));
            return true;
        } catch (ConditionalCheckFailedException revoked) {
            return false;
        }
    }

    public TransactWriteItem revoke(OneTimeToken token) {
        return TransactWriteItem.builder().delete(delete -> delete
                .tableName(table)
                .key(Map.of(LOOKUP_KEY, TokenStore.keyOf(TokenPurpose.SESSION, token)))).build();
    }

    private Instant expiry(Instant lastSeen, Instant absolute) {
        Instant idle = lastSeen.plus(config.getSessionIdleTimeout());
        return idle.isBefore(absolute) ? idle : absolute;
    }
}
