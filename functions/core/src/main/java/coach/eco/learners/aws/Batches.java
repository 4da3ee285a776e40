package coach.eco.learners.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** DynamoDB batch reads and writes of one table, asked again for what DynamoDB left unprocessed. */
public final class Batches {
    /** DynamoDB's limits: items per BatchGetItem, and per BatchWriteItem. */
    public static final int MAX_READS = 100;
    public static final int MAX_WRITES = 25;

    private Batches() {
    }

    /** The items that exist under these keys (at most {@link #MAX_READS}), read strongly consistent. */
    public static List<Map<String, AttributeValue>> getAll(DynamoDbClient dynamoDb, String table,
                                                           List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        Map<String, KeysAndAttributes> unprocessed = keys.isEmpty() ? Map.of()
                : Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!unprocessed.isEmpty()) {
            Map<String, KeysAndAttributes> asking = unprocessed;
            var response = dynamoDb.batchGetItem(request -> request.requestItems(asking));
            found.addAll(response.responses().getOrDefault(table, List.of()));
            unprocessed = response.unprocessedKeys();
        }
        return found;
    }

    /** Puts the items (at most {@link #MAX_WRITES}) without conditions. */
    public static void putAll(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items) {
        writeAll(dynamoDb, table, items.stream()
                .map(item -> WriteRequest.builder().putRequest(put -> put.item(item)).build()).toList());
    }

    /** Deletes the items under these keys (at most {@link #MAX_WRITES}) without conditions. */
    public static void deleteAll(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> keys) {
        writeAll(dynamoDb, table, keys.stream()
                .map(key -> WriteRequest.builder().deleteRequest(delete -> delete.key(key)).build()).toList());
    }

    private static void writeAll(DynamoDbClient dynamoDb, String table, List<WriteRequest> writes) {
        Map<String, List<WriteRequest>> unprocessed = writes.isEmpty() ? Map.of() : Map.of(table, writes);
        while (!unprocessed.isEmpty()) {
            Map<String, List<WriteRequest>> writing = unprocessed;
            unprocessed = dynamoDb.batchWriteItem(request -> request.requestItems(writing)).unprocessedItems();
        }
    }
}
