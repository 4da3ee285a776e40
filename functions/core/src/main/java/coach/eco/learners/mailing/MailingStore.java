package coach.eco.learners.mailing;

import coach.eco.learners.aws.Plain;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.policy.PolicyVersionStore;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static coach.eco.learners.aws.Items.s;

/**
 * The mailings, in the policy table (no personal data, like the policy versions), one item each
 * ({@code mailing#<id>}): the words, who composed it, when it was last sent, and its count of whom it reaches,
 * kept per batch of the count run ({@code reachedByBatch}, by the batch's number, so a batch counted twice counts
 * once) until every batch the fan-out queued ({@code countBatches}) is in.
 */
@Singleton
public class MailingStore {
    private static final String KEY_PREFIX = "mailing#";
    private static final Pattern MAILING_ID = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    private static final String SENDING_REQUESTED_AT = "sendingRequestedAt";
    private static final String COUNT_BATCHES = "countBatches";
    private static final String REACHED_BY_BATCH = "reachedByBatch";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public MailingStore(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.getPolicyTable();
    }

    /** A new mailing's item, not counted yet, for the caller's transaction (a fresh random id: no condition). */
    public TransactWriteItem put(Mailing mailing) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(PolicyVersionStore.KEY, key(mailing.mailingId()),
                "purposeId", s(mailing.purposeId()),
                "subjectVi", s(mailing.subjectVi()),
                "subjectEn", s(mailing.subjectEn()),
                "bodyVi", s(mailing.bodyVi()),
                "bodyEn", s(mailing.bodyEn()),
                "composedAt", s(mailing.composedAt().toString()),
                "composedBy", s(mailing.composedBy())));
        item.put(REACHED_BY_BATCH, AttributeValue.fromM(Map.of()));
        return TransactWriteItem.builder().put(request -> request.tableName(table).item(item)).build();
    }

    /** The mailing was sent at {@code at}, for the caller's transaction; it fails if there is no such mailing. */
    public TransactWriteItem sendingRequested(String mailingId, Instant at) {
        return TransactWriteItem.builder().update(update -> update.tableName(table)
                .key(Map.of(PolicyVersionStore.KEY, key(mailingId)))
                .updateExpression("SET #requested = :at")
                .conditionExpression("attribute_exists(#key)")
                .expressionAttributeNames(Map.of("#requested", SENDING_REQUESTED_AT, "#key", PolicyVersionStore.KEY))
                .expressionAttributeValues(Map.of(":at", s(at.toString())))).build();
    }

    /** Writes the mailing's changes and their audit records at once; false if the mailing is not there. */
    public boolean write(Writes writes) {
        return Transactions.write(dynamoDb, writes);
    }

    /** The mailing, read in clear; empty if there is none with this id. */
    public Optional<Mailing> find(String mailingId) {
        if (mailingId == null || !MAILING_ID.matcher(mailingId).matches()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table)
                .key(Map.of(PolicyVersionStore.KEY, key(mailingId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(mailingOf(mailingId, item));
    }

    /** The count run queued this many batches: the count is complete once each has been counted. */
    public void countQueued(String mailingId, long batches) {
        dynamoDb.updateItem(request -> request.tableName(table).key(Map.of(PolicyVersionStore.KEY, key(mailingId)))
                .updateExpression("SET #batches = :batches")
                .expressionAttributeNames(Map.of("#batches", COUNT_BATCHES))
                .expressionAttributeValues(Map.of(":batches", AttributeValue.fromN(Long.toString(batches)))));
    }

    /** The batch numbered {@code countBatch} of the count run reaches this many learners. */
    public void counted(String mailingId, int countBatch, long reached) {
        dynamoDb.updateItem(request -> request.tableName(table).key(Map.of(PolicyVersionStore.KEY, key(mailingId)))
                .updateExpression("SET #byBatch.#batch = :reached")
                .expressionAttributeNames(Map.of("#byBatch", REACHED_BY_BATCH, "#batch", Integer.toString(countBatch)))
                .expressionAttributeValues(Map.of(":reached", AttributeValue.fromN(Long.toString(reached)))));
    }

    private static Mailing mailingOf(String mailingId, Map<String, AttributeValue> item) {
        AttributeValue requested = item.get(SENDING_REQUESTED_AT);
        Map<String, AttributeValue> byBatch = item.get(REACHED_BY_BATCH).m();
        AttributeValue batches = item.get(COUNT_BATCHES);
        Long reached = batches == null || byBatch.size() < Long.parseLong(batches.n()) ? null
                : byBatch.values().stream().mapToLong(count -> Long.parseLong(count.n())).sum();
        return new Mailing(mailingId, item.get("purposeId").s(), item.get("subjectVi").s(), item.get("subjectEn").s(),
                item.get("bodyVi").s(), item.get("bodyEn").s(), Instant.parse(item.get("composedAt").s()),
                item.get("composedBy").s(), requested == null ? null : Instant.parse(requested.s()), reached);
    }

    private static AttributeValue key(String mailingId) {
        return s(KEY_PREFIX + mailingId);
    }
}
