package coach.eco.learners.token;

import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.config.LearnerConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.List;
import java.util.function.Consumer;
import java.util.Map;

import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.lookup.LookupTable.LOOKUP_KEY;
import static coach.eco.learners.lookup.LookupTable.PROFILE_ID;

/**
 * The lookup table's items that lead to one profile (its email, tokens and sessions), found through
 * the ByProfile index, and deleted by key. The index is eventually consistent: an item written a
 * moment before the query may be missed (docs/security.md says what that means for sessions).
 */
@Singleton
public class LookupItemsOfProfile {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public LookupItemsOfProfile(@Named("plain") DynamoDbClient dynamoDb, LearnerConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.getLookupTable();
    }

    /** The keys of every item that leads to the profile. */
    public List<String> keysOf(String profileId) {
        return dynamoDb.queryPaginator(request -> request.tableName(table).indexName(LookupTable.BY_PROFILE)
                        .keyConditionExpression("#profile = :profile")
                        .expressionAttributeNames(Map.of("#profile", PROFILE_ID))
                        .expressionAttributeValues(Map.of(":profile", s(profileId))))
                .items().stream()
                .map(item -> item.get(LOOKUP_KEY).s())
                .toList();
    }

    /** Deletes of every item that leads to the profile. */
    public List<TransactWriteItem> deletes(String profileId) {
        return keysOf(profileId).stream().map(key -> delete(s(key))).toList();
    }

    /** Deletes of the profile's sessions. */
    public List<TransactWriteItem> sessionDeletes(String profileId) {
        return query(request -> request
                .keyConditionExpression("#profile = :profile AND begins_with(#key, :prefix)")
                .expressionAttributeNames(Map.of("#profile", PROFILE_ID, "#key", LOOKUP_KEY))
                .expressionAttributeValues(Map.of(":profile", s(profileId),
                        ":prefix", s(TokenPurpose.SESSION.keyPrefix()))));
    }

    private List<TransactWriteItem> query(Consumer<QueryRequest.Builder> condition) {
        return dynamoDb.queryPaginator(request -> condition.accept(request.tableName(table).indexName(LookupTable.BY_PROFILE)))
                .items().stream()
                .map(item -> delete(item.get(LOOKUP_KEY)))
                .toList();
    }

    /** Deletes split into those that fit in a transaction already holding some items, and the rest. */
    public record Fitted(List<TransactWriteItem> inTransaction, List<TransactWriteItem> after) {
    }

    public static Fitted fit(List<TransactWriteItem> deletes, int alreadyInTransaction) {
        int room = Math.max(0, Math.min(deletes.size(), Transactions.MAX_ITEMS - alreadyInTransaction));
        return new Fitted(deletes.subList(0, room), deletes.subList(room, deletes.size()));
    }

    /** Deletes, outside any transaction, what did not fit in one (idempotent: a second delete is a no-op). */
    public void deleteNow(List<TransactWriteItem> deletes) {
        deletes.forEach(delete -> dynamoDb.deleteItem(request -> request.tableName(table)
                .key(delete.delete().key())));
    }

    /** Whether a delete of {@link #deletes} removes an email lookup item rather than a token or session. */
    public static boolean isEmailLookup(TransactWriteItem delete) {
        return delete.delete().key().get(LOOKUP_KEY).s().startsWith(LookupTable.EMAIL_PREFIX);
    }

    private TransactWriteItem delete(AttributeValue key) {
        return TransactWriteItem.builder().delete(delete -> delete.tableName(table).key(Map.of(LOOKUP_KEY, key)))
                .build();
    }
}
