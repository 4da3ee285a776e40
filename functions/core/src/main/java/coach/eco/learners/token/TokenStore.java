package coach.eco.learners.token;

import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.config.LearnerConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static coach.eco.learners.aws.Items.EXPIRES_AT;
import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.lookup.LookupTable.LOOKUP_KEY;
import static coach.eco.learners.lookup.LookupTable.PROFILE_ID;

/**
 * One-time tokens in the lookup table, keyed by purpose and hash. They carry a TTL, and are also
 * refused here once expired, because DynamoDB deletes expired items only eventually.
 */
@Singleton
public class TokenStore {
    private static final String BOUND_TO = "boundTo";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public TokenStore(@Named("encrypting") DynamoDbClient dynamoDb, LearnerConfiguration config, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = config.getLookupTable();
        this.clock = clock;
    }

    public TransactWriteItem put(TokenPurpose purpose, OneTimeToken token, String profileId, Instant expiresAt) {
        return put(purpose, token, profileId, null, expiresAt);
    }

    /** A token bound to one thing of the profile too (the email address it confirms, say). */
    public TransactWriteItem put(TokenPurpose purpose, OneTimeToken token, String profileId, String boundTo,
                                 Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                LOOKUP_KEY, keyOf(purpose, token),
                PROFILE_ID, s(profileId),
                EXPIRES_AT, epochSeconds(expiresAt)));
        if (boundTo != null) {
            item.put(BOUND_TO, s(boundTo));
        }
        return TransactWriteItem.builder().put(put -> put
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(" + LOOKUP_KEY + ")"))
                .build();
    }

    public void save(TokenPurpose purpose, OneTimeToken token, String profileId, Instant expiresAt) {
        save(purpose, token, profileId, null, expiresAt);
    }

    /** The same, bound to one thing of the profile, written on its own. */
    public void save(TokenPurpose purpose, OneTimeToken token, String profileId, String boundTo, Instant expiresAt) {
        var put = put(purpose, token, profileId, boundTo, expiresAt).put();
        dynamoDb.putItem(request -> request.tableName(put.tableName()).item(put.item())
                .conditionExpression(put.conditionExpression()));
    }

    /**
     * Sends the mail that carries a token just saved. If the mail fails, the token is deleted too
     * (nobody holds it; if that fails as well, it expires unused) and the failure is thrown.
     */
    public void sendOrDiscard(TokenPurpose purpose, OneTimeToken token, Runnable send) {
        try {
            send.run();
        } catch (SdkException e) {
            try {
                dynamoDb.deleteItem(request -> request.tableName(table).key(Map.of(LOOKUP_KEY, keyOf(purpose, token))));
            } catch (SdkException expiresUnused) {
                e.addSuppressed(expiresUnused);
            }
            throw e;
        }
    }

    /** What a live token grants; empty for an unknown, used or expired token. */
    public Optional<TokenGrant> find(TokenPurpose purpose, OneTimeToken token) {
        var item = dynamoDb.getItem(request -> request.tableName(table)
                .key(Map.of(LOOKUP_KEY, keyOf(purpose, token)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty() || isExpired(item)) {
            return Optional.empty();
        }
        return Optional.of(new TokenGrant(item.get(PROFILE_ID).s(),
                item.containsKey(BOUND_TO) ? item.get(BOUND_TO).s() : null));
    }

    /** Deletes the token in the caller's transaction, which fails if the token was already used. */
    public TransactWriteItem consume(TokenPurpose purpose, OneTimeToken token, String profileId) {
        return TransactWriteItem.builder().delete(delete -> delete
                .tableName(table)
                .key(Map.of(LOOKUP_KEY, keyOf(purpose, token)))
                .conditionExpression("#profile = :profile AND #expires > :now")
                .expressionAttributeNames(Map.of("#profile", PROFILE_ID, "#expires", EXPIRES_AT))
                .expressionAttributeValues(Map.of(
                        ":profile", s(profileId),
                        ":now", epochSeconds(clock.instant())))).build();
    }

    private boolean isExpired(Map<String, AttributeValue> item) {
        return Long.parseLong(item.get(EXPIRES_AT).n()) <= clock.instant().getEpochSecond();
    }

    public static AttributeValue keyOf(TokenPurpose purpose, OneTimeToken token) {
        return LookupTable.tokenKey(purpose.keyPrefix(), token.hash());
    }
}
