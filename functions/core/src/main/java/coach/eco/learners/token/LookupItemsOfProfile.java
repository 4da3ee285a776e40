package coach.eco.learners.token;

import coach.eco.learners.aws.Plain;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.lookup.LookupTable;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.lookup.LookupTable.LOOKUP_KEY;
import static coach.eco.learners.lookup.LookupTable.PROFILE_ID;

/**
 * The lookup table's items that lead to one profile (its email, tokens and sessions), found through
 * the ByProfile index, and deleted with a change of the profile: in its transaction where there is
 * room, right after it where there is not. The index is eventually consistent: an item written a
 * moment before the query may be missed (docs/security.md says what that means for sessions).
 */
@Singleton
public class LookupItemsOfProfile {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public LookupItemsOfProfile(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.getLookupTable();
    }

    /** Ends every session of the profile with the change {@code writes} make. */
    public void endSessions(String profileId, Writes writes) {
        writes.deleteWhereRoom(query(request -> request
                .keyConditionExpression("#profile = :profile AND begins_with(#key, :prefix)")
                .expressionAttributeNames(Map.of("#profile", PROFILE_ID, "#key", LOOKUP_KEY))
                .expressionAttributeValues(Map.of(":profile", s(profileId),
                        ":prefix", s(TokenPurpose.SESSION.keyPrefix()))))
                .map(LookupItemsOfProfile::key).map(this::delete).toList());
    }

    /**
     * Ends every session and every link of the profile with the change {@code writes} make; its email
     * lookup item stays, for the change to move, and so do its unsubscribe links: newsletters already
     * sent keep the one-click way out, which can only turn mail off.
     */
    public void endSessionsAndLinks(String profileId, Writes writes) {
        writes.deleteWhereRoom(keysOf(profileId)
                .filter(key -> !key.s().startsWith(LookupTable.EMAIL_PREFIX)
                        && !key.s().startsWith(TokenPurpose.UNSUBSCRIBE.keyPrefix()))
                .map(this::delete).toList());
    }

    /**
     * Deletes, with the profile's erasure, every item that leads to it, and the email lookup item
     * {@code alsoEmailKey} (which the index may not list yet): each only while it still leads to this
     * profile or is gone, since an address may be someone else's by then.
     */
    public void eraseAll(String profileId, @Nullable String alsoEmailKey, Writes writes) {
        List<AttributeValue> keys = new ArrayList<>(keysOf(profileId).toList());
        if (alsoEmailKey != null && !keys.contains(s(alsoEmailKey))) {
            keys.add(s(alsoEmailKey));
        }
        writes.deleteWhereRoom(keys.stream().map(key -> ownedDelete(key, profileId)).toList());
    }

    /** Deletes every item that leads to the profile now, one by one and unconditionally (idempotent). */
    public void deleteAll(String profileId) {
        keysOf(profileId).forEach(key -> dynamoDb.deleteItem(request -> request.tableName(table)
                .key(Map.of(LOOKUP_KEY, key))));
    }

    private Stream<AttributeValue> keysOf(String profileId) {
        return query(request -> request
                .keyConditionExpression("#profile = :profile")
                .expressionAttributeNames(Map.of("#profile", PROFILE_ID))
                .expressionAttributeValues(Map.of(":profile", s(profileId))))
                .map(LookupItemsOfProfile::key);
    }

    private Stream<Map<String, AttributeValue>> query(Consumer<QueryRequest.Builder> condition) {
        return dynamoDb.queryPaginator(request -> condition.accept(request.tableName(table)
                        .indexName(LookupTable.BY_PROFILE)))
                .items().stream();
    }

    private static AttributeValue key(Map<String, AttributeValue> item) {
        return item.get(LOOKUP_KEY);
    }

    private TransactWriteItem delete(AttributeValue key) {
        return TransactWriteItem.builder().delete(delete -> delete.tableName(table).key(Map.of(LOOKUP_KEY, key)))
                .build();
    }

    /** Deletes a lookup item if it is gone already or still leads to this profile (the index may lag). */
    private TransactWriteItem ownedDelete(AttributeValue key, String profileId) {
        return TransactWriteItem.builder().delete(delete -> delete
                .tableName(table)
                .key(Map.of(LOOKUP_KEY, key))
                .conditionExpression("attribute_not_exists(#key) OR #profile = :profile")
                .expressionAttributeNames(Map.of("#key", LOOKUP_KEY, "#profile", PROFILE_ID))
                .expressionAttributeValues(Map.of(":profile", s(profileId)))).build();
    }
}
