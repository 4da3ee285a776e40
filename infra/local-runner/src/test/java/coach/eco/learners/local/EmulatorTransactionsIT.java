package coach.eco.learners.local;

import coach.eco.learners.testing.LocalAwsExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The local emulator's TransactWriteItems keeps DynamoDB's promises, which the functions' tests rely
 * on: all or nothing, its cancellation reasons in order, and no reader ever sees half of one. The
 * emulator undoes a failed transaction by putting back the items it names (infra/local-aws-server.py);
 * these tests hold it to that, over HTTP, on two tables of their own: one with a hash key only, one
 * with a hash and a range key.
 */
@ExtendWith(LocalAwsExtension.class)
class EmulatorTransactionsIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SINGLE = "EmulatorTransactionsSingleKey-" + RUN;
    private static final String COMPOSITE = "EmulatorTransactionsCompositeKey-" + RUN;
    private static final int WRITER_TRANSACTIONS = 150;
    /** Every third transaction of the writer fails on a condition: none of its writes may ever be read. */
    private static final int FAILING_EVERY = 3;
    private static final int MOST_READS = 3_000;

    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void createTables() {
        dynamoDb = DynamoDbClient.create();
        dynamoDb.createTable(request -> request.tableName(SINGLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(stringAttribute("pk"))
                .keySchema(keyElement("pk", KeyType.HASH)));
        dynamoDb.createTable(request -> request.tableName(COMPOSITE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(stringAttribute("pk"), stringAttribute("sk"))
                .keySchema(keyElement("pk", KeyType.HASH), keyElement("sk", KeyType.RANGE)));
    }

    @AfterAll
    static void deleteTables() {
        dynamoDb.deleteTable(request -> request.tableName(SINGLE));
        dynamoDb.deleteTable(request -> request.tableName(COMPOSITE));
        dynamoDb.close();
    }

    @BeforeEach
    void fillTables() {
        for (String table : List.of(SINGLE, COMPOSITE)) {
            dynamoDb.scanPaginator(request -> request.tableName(table)).items().forEach(item ->
                    dynamoDb.deleteItem(request -> request.tableName(table).key(keyOf(table, item))));
        }
        for (String pk : List.of("replaced", "updated", "checked", "untouched")) {
            dynamoDb.putItem(request -> request.tableName(SINGLE).item(Map.of(
                    "pk", s(pk), "round", n(1), "tags", AttributeValue.fromSs(List.of("first")))));
        }
        for (String sk : List.of("deleted", "updated", "untouched")) {
            dynamoDb.putItem(request -> request.tableName(COMPOSITE).item(Map.of(
                    "pk", s("learner"), "sk", s(sk), "round", n(1), "note", s("kept"))));
        }
    }

    @Test
    void aTransactionWhoseOneConditionFails_leavesEveryItemOfBothTablesAsItWas_andAnswersItsReasonsInOrder() {
        Map<String, AttributeValue> checked = dynamoDb.getItem(request -> request.tableName(SINGLE)
                .key(Map.of("pk", s("checked"))).consistentRead(true)).item();

        // Writes before and after the failing check (the emulator runs those too, then undoes them),
        // to items present and absent, in both tables; the update changes an item in place.
        DynamoDbException refused = refusedAndChangingNothing(
                put(SINGLE, Map.of("pk", s("replaced"), "round", n(2))),
                put(COMPOSITE, Map.of("pk", s("learner"), "sk", s("new"), "round", n(2))),
                update(SINGLE, Map.of("pk", s("updated")), "SET round = round + :one ADD tags :more",
                        Map.of(":one", n(1), ":more", AttributeValue.fromSs(List.of("second")))),
                delete(COMPOSITE, Map.of("pk", s("learner"), "sk", s("deleted"))),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(SINGLE)
                        .key(Map.of("pk", s("checked"))).conditionExpression("round = :two")
                        .expressionAttributeValues(Map.of(":two", n(2)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build(),
                update(COMPOSITE, Map.of("pk", s("learner"), "sk", s("updated")), "SET round = :two REMOVE note",
                        Map.of(":two", n(2))),
                update(SINGLE, Map.of("pk", s("absent")), "SET round = :two", Map.of(":two", n(2))));

        assertThat(refused).isInstanceOf(TransactionCanceledException.class);
        List<CancellationReason> reasons = ((TransactionCanceledException) refused).cancellationReasons();
        assertThat(reasons).extracting(CancellationReason::code)
                .containsExactly("None", "None", "None", "None", "ConditionalCheckFailed", "None", "None");
        assertThat(reasons.get(4).item()).as("the checked item, as asked").isEqualTo(checked);
    }

    @Test
    void aTransactionWithTwoOperationsOnOneItem_isRefused_andChangesNothing() {
        DynamoDbException refused = refusedAndChangingNothing(
                update(SINGLE, Map.of("pk", s("updated")), "SET round = :two", Map.of(":two", n(2))),
                put(COMPOSITE, Map.of("pk", s("learner"), "sk", s("new"), "round", n(2))),
                delete(SINGLE, Map.of("pk", s("updated"))));

        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(refused.awsErrorDetails().errorMessage()).contains("multiple operations on one item");
    }

    @Test
    void aTransactionNamingAMissingTable_isRefused_andChangesNothing() {
        DynamoDbException refused = refusedAndChangingNothing(
                update(SINGLE, Map.of("pk", s("updated")), "SET round = :two", Map.of(":two", n(2))),
                delete("EmulatorTransactionsMissing-" + RUN, Map.of("pk", s("updated"))));

        assertThat(refused.statusCode()).isEqualTo(400);
    }

    @Test
    void aConcurrentReader_neverSeesHalfOfATransaction_norAnyWriteOfOneThatFailed() {
        Map<String, AttributeValue> left = Map.of("pk", s("updated"));
        Map<String, AttributeValue> right = Map.of("pk", s("learner"), "sk", s("updated"));
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> firstRead = new CompletableFuture<>();
        CompletableFuture<List<List<Integer>>> reader = CompletableFuture.supplyAsync(() -> {
            List<List<Integer>> seen = new ArrayList<>();
            do {
                seen.add(dynamoDb.transactGetItems(request -> request.transactItems(get(SINGLE, left), get(COMPOSITE, right)))
                        .responses().stream().map(response -> Integer.valueOf(response.item().get("round").n())).toList());
                firstRead.complete(null);
            } while (writing.get() && seen.size() < MOST_READS);
            return seen;
        });
        CompletableFuture.anyOf(firstRead, reader).join();

        List<Integer> failedRounds = new ArrayList<>();
        int lastCommitted = 1;
        try {
            for (int round = 2; round < 2 + WRITER_TRANSACTIONS; round++) {
                Map<String, AttributeValue> values = Map.of(":round", n(round));
                List<TransactWriteItem> writes = new ArrayList<>(List.of(
                        update(SINGLE, left, "SET round = :round", values),
                        update(COMPOSITE, right, "SET round = :round", values)));
                boolean failing = round % FAILING_EVERY == 0;
                if (failing) {
                    writes.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(SINGLE)
                            .key(Map.of("pk", s("checked"))).conditionExpression("attribute_not_exists(pk)").build()).build());
                }
                try {
                    dynamoDb.transactWriteItems(request -> request.transactItems(writes));
                    assertThat(failing).as("round %d commits only if its condition holds", round).isFalse();
                    lastCommitted = round;
                } catch (TransactionCanceledException cancelled) {
                    assertThat(failing).as("round %d is cancelled only if its condition fails", round).isTrue();
                    failedRounds.add(round);
                }
            }
        } finally {
            writing.set(false);
        }
        List<List<Integer>> seen = reader.join();

        assertThat(seen).as("reads that saw one item of a transaction written and the other not")
                .filteredOn(rounds -> !rounds.get(0).equals(rounds.get(1))).isEmpty();
        assertThat(seen).flatExtracting(rounds -> rounds).as("rounds read").doesNotContainAnyElementsOf(failedRounds);
        assertThat(failedRounds).hasSize(WRITER_TRANSACTIONS / FAILING_EVERY);
        assertThat(List.of(dynamoDb.getItem(request -> request.tableName(SINGLE).key(left).consistentRead(true)).item(),
                dynamoDb.getItem(request -> request.tableName(COMPOSITE).key(right).consistentRead(true)).item()))
                .extracting(item -> item.get("round")).containsOnly(n(lastCommitted));
    }

    /** Sends a transaction that must be refused; its refusal, once every item of both tables is seen to be as it was. */
    private static DynamoDbException refusedAndChangingNothing(TransactWriteItem... writes) {
        Map<String, Set<Map<String, AttributeValue>>> before = everyItem();
        DynamoDbException refused = catchThrowableOfType(DynamoDbException.class,
                () -> dynamoDb.transactWriteItems(request -> request.transactItems(writes)));
        assertThat(refused).as("the transaction is refused").isNotNull();
        assertThat(everyItem()).as("every item of both tables, touched or not").isEqualTo(before);
        return refused;
    }

    private static Map<String, Set<Map<String, AttributeValue>>> everyItem() {
        Map<String, Set<Map<String, AttributeValue>>> items = new LinkedHashMap<>();
        for (String table : List.of(SINGLE, COMPOSITE)) {
            items.put(table, dynamoDb.scanPaginator(request -> request.tableName(table).consistentRead(true))
                    .items().stream().collect(Collectors.toSet()));
        }
        return items;
    }

    private static Map<String, AttributeValue> keyOf(String table, Map<String, AttributeValue> item) {
        return table.equals(SINGLE) ? Map.of("pk", item.get("pk")) : Map.of("pk", item.get("pk"), "sk", item.get("sk"));
    }

    private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    private static TransactWriteItem update(String table, Map<String, AttributeValue> key, String expression,
                                            Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key)
                .updateExpression(expression).expressionAttributeValues(values).build()).build();
    }

    private static TransactWriteItem delete(String table, Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key).build()).build();
    }

    private static TransactGetItem get(String table, Map<String, AttributeValue> key) {
        return TransactGetItem.builder().get(Get.builder().tableName(table).key(key).build()).build();
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement keyElement(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(int value) {
        return AttributeValue.fromN(Integer.toString(value));
    }
}
