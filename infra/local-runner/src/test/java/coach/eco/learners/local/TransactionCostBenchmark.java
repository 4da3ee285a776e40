package coach.eco.learners.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Prints what one small TransactWriteItems costs the local emulator as the table it names grows: a
 * table of its own is filled with plain items by batch writes to each size in turn, and at each size
 * the same transactions are timed (a put of a new item, an update and a condition check of two
 * present ones). DynamoDB's cost does not grow with the table; the emulator's should not either. Run
 * with infra/benchmark.sh TransactionCostBenchmark [-Dtransactions=100 -Dsizes=200,2000,20000]; it is
 * a program, not a test: it asserts nothing.
 */
public final class TransactionCostBenchmark {
    private static final int WARMUP = 20;
    private static final int TRANSACTIONS = Integer.getInteger("transactions", 100);
    private static final int[] SIZES = Arrays.stream(System.getProperty("sizes", "200,2000,20000").split(","))
            .mapToInt(Integer::parseInt).toArray();
    private static final int BATCH = 25;
    private static final String FILLER = "x".repeat(200);

    public static void main(String[] args) {
        SamTemplate template = SamTemplate.locate();
        String table = "TransactionCostBenchmark-" + UUID.randomUUID().toString().substring(0, 8);
        try (LocalAws aws = LocalAws.start(template, Map.of());
             DynamoDbClient dynamoDb = DynamoDbClient.create()) {
            dynamoDb.createTable(request -> request.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(definition -> definition.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(key -> key.attributeName("pk").keyType(KeyType.HASH)));
            System.out.printf("transaction cost benchmark (local emulator at %s, %d transactions of 3 items per size"
                            + " after %d warm-up, %s)%n", aws.endpoint(), TRANSACTIONS, WARMUP, Runtime.version());
            System.out.printf("  command: infra/benchmark.sh TransactionCostBenchmark -Dtransactions=%d -Dsizes=%s%n",
                    TRANSACTIONS, System.getProperty("sizes", "200,2000,20000"));
            long[] medians = new long[SIZES.length];
            int filled = 0;
            for (int s = 0; s < SIZES.length; s++) {
                int size = SIZES[s];
                for (; filled < size; filled += BATCH) {
                    fill(dynamoDb, table, filled, Math.min(BATCH, size - filled));
                }
                long[] nanos = new long[TRANSACTIONS];
                for (int i = -WARMUP; i < TRANSACTIONS; i++) {
                    long start = System.nanoTime();
                    transact(dynamoDb, table, size, i);
                    if (i >= 0) {
                        nanos[i] = System.nanoTime() - start;
                    }
                }
                SignupLatencyBenchmark.print(String.format("%,d items", size), nanos);
                long[] sorted = nanos.clone();
                Arrays.sort(sorted);
                medians[s] = sorted[sorted.length / 2];
            }
            System.out.printf("  median at %,d items over median at %,d items: %.2fx%n",
                    SIZES[SIZES.length - 1], SIZES[0], (double) medians[SIZES.length - 1] / medians[0]);
            dynamoDb.deleteTable(request -> request.tableName(table));
        }
    }

    private static void fill(DynamoDbClient dynamoDb, String table, int from, int count) {
        List<WriteRequest> writes = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(itemKey(n)),
                    "counter", AttributeValue.fromN("0"), "payload", AttributeValue.fromS(FILLER));
            writes.add(WriteRequest.builder().putRequest(put -> put.item(item)).build());
        }
        if (!dynamoDb.batchWriteItem(request -> request.requestItems(Map.of(table, writes))).unprocessedItems().isEmpty()) {
            throw new IllegalStateException("the emulator left items of a batch unprocessed");
        }
    }

    /** A put of a new item, an update of a present one and a condition on another, spread over the table. */
    private static void transact(DynamoDbClient dynamoDb, String table, int size, int round) {
        int spread = Math.floorMod(round * 7919, size);
        dynamoDb.transactWriteItems(request -> request.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(Map.of(
                        "pk", AttributeValue.fromS("new-" + size + "-" + round),
                        "payload", AttributeValue.fromS(FILLER))).build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(Map.of("pk", AttributeValue.fromS(itemKey(spread))))
                        .updateExpression("SET #counter = #counter + :one")
                        .expressionAttributeNames(Map.of("#counter", "counter"))
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                        .key(Map.of("pk", AttributeValue.fromS(itemKey((spread + 1) % size))))
                        .conditionExpression("attribute_exists(pk)").build()).build()));
    }

    private static String itemKey(int n) {
        return String.format("item-%06d", n);
    }
}
