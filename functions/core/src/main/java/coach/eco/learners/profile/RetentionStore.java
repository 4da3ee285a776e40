package coach.eco.learners.profile;

import coach.eco.learners.aws.Plain;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.profile.ProfileAttributes.EMAIL_LOOKUP_KEY;
import static coach.eco.learners.profile.ProfileAttributes.GUARDIAN_LOOKUP_KEY;
import static coach.eco.learners.profile.ProfileAttributes.INACTIVITY_ERASURE_AT;
import static coach.eco.learners.profile.ProfileAttributes.CREATED_AT;
import static coach.eco.learners.profile.ProfileAttributes.LAST_ACTIVE_AT;
import static coach.eco.learners.profile.ProfileAttributes.LEGAL_HOLD_SINCE;
import static coach.eco.learners.profile.ProfileAttributes.PROFILE_ID;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_DUE_AT;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_FAILURES;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_QUEUE;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_RULE;
import static coach.eco.learners.profile.ProfileAttributes.STATUS;
import static coach.eco.learners.profile.ProfileAttributes.VERSION;
import static coach.eco.learners.profile.ProfileAttributes.previousEmailItemId;

/**
 * The profiles table as retention sees it, through the plain client: the plain attributes only, never
 * decrypted, so the purge and the policy fan-out need no KMS right. It reads the RetentionDue index's
 * queues, moves a profile's next retention event (a warning, an activity), counts and parks items that
 * fail, erases, and lists the confirmed learners' ids for the policy mailing, and the ids of learners under
 * 16 from the ByGuardian index. Whole profiles are {@link ProfileStore}'s.
 */
@Singleton
public class RetentionStore {
    /** The sparse index of each profile's next retention event, by queue and due date. */
    public static final String INDEX = "RetentionDue";
    /** Sets the RetentionDue keys and rule to the values {@link #retentionValues} names. */
    private static final String SET_RETENTION = "SET #queue = :" + RETENTION_QUEUE + ", #due = :" + RETENTION_DUE_AT
            + ", #rule = :" + RETENTION_RULE;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public RetentionStore(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.getProfilesTable();
    }

    /** The items of the queue due at {@code now}, oldest first, read page by page as iterated. */
    public Iterable<RetentionItem> due(String queue, Instant now) {
        var items = dynamoDb.queryPaginator(request -> request.tableName(table)
                .indexName(INDEX)
                .keyConditionExpression("#queue = :queue AND #at <= :now")
                .expressionAttributeNames(Map.of("#queue", RETENTION_QUEUE, "#at", RETENTION_DUE_AT))
                .expressionAttributeValues(Map.of(":queue", s(queue), ":now", epochSeconds(now))))
                .items();
        return () -> items.stream().map(RetentionItem::new).iterator();
    }

    /**
     * The sparse ByGuardian index: the profiles of learners under 16 by their guardian's address as an email
     * lookup key (an HMAC). It projects keys only: ids, never decrypted.
     */
    public static final String GUARDIAN_INDEX = "ByGuardian";

    /** The ids of the profiles naming this guardian (by lookup key): a guardian may have several children. */
    public List<String> profileIdsOfGuardian(String guardianLookupKey) {
        return dynamoDb.queryPaginator(request -> request.tableName(table)
                        .indexName(GUARDIAN_INDEX)
                        .keyConditionExpression("#guardian = :guardian")
                        .expressionAttributeNames(Map.of("#guardian", GUARDIAN_LOOKUP_KEY))
                        .expressionAttributeValues(Map.of(":guardian", s(guardianLookupKey))))
                .items().stream().map(item -> item.get(PROFILE_ID).s()).toList();
    }

    /** The ids of every profile with a guardian, page by page as iterated: the index holds nobody else. */
    public Iterable<String> guardedProfileIds() {
        var items = dynamoDb.scanPaginator(request -> request.tableName(table).indexName(GUARDIAN_INDEX)).items();
        return () -> items.stream().map(item -> item.get(PROFILE_ID).s()).iterator();
    }

    /** Every parked item. */
    public List<RetentionItem> parked() {
        return dynamoDb.queryPaginator(request -> request.tableName(table)
                        .indexName(INDEX)
                        .keyConditionExpression("#queue = :queue")
                        .expressionAttributeNames(Map.of("#queue", RETENTION_QUEUE))
                        .expressionAttributeValues(Map.of(":queue", s(RetentionRule.PARKED))))
                .items().stream().map(RetentionItem::new).toList();
    }

    /**
     * Counts one more failed run on the profile's item; returns the failures in a row so far. A profile
     * gone meanwhile throws {@link ConditionalCheckFailedException}.
     */
    public int countFailure(String profileId) {
        var attributes = dynamoDb.updateItem(request -> request.tableName(table)
                .key(key(profileId))
                .updateExpression("ADD #failures :one")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#failures", RETENTION_FAILURES, "#id", PROFILE_ID))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return Integer.parseInt(attributes.get(RETENTION_FAILURES).n());
    }

    /** Moves the profile's item to the parked queue, out of every run's way. */
    public void park(String profileId) {
        dynamoDb.updateItem(request -> request.tableName(table)
                .key(key(profileId))
                .updateExpression("SET #queue = :parked")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#queue", RETENTION_QUEUE, "#id", PROFILE_ID))
                .expressionAttributeValues(Map.of(":parked", s(RetentionRule.PARKED))));
    }

    /**
     * Moves the profile from one retention event to the other, if it is still at the first and at the
     * version read. To an inactivity erasure (a warning sent): the erasure date is kept and the failures
     * start afresh; back from one (the warning not sent): the date goes and the failure stays counted.
     */
    public boolean move(Profile profile, RetentionEvent from, RetentionEvent to) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":version", version(profile),
                ":fromRule", s(from.rule().wireName()),
                ":fromDue", epochSeconds(from.at())));
        values.putAll(retentionValues(to));
        boolean warned = to.rule() == RetentionRule.INACTIVE;
        Map<String, String> names = new HashMap<>(retentionNames());
        names.put("#erasureAt", INACTIVITY_ERASURE_AT);
        names.put("#version", VERSION);
        if (warned) {
            values.put(":erasureAt", epochSeconds(to.at()));
            names.put("#failures", RETENTION_FAILURES);
        }
        return updated(request -> request
                .updateExpression(SET_RETENTION + (warned ? ", #erasureAt = :erasureAt REMOVE #failures"
                        : " REMOVE #erasureAt"))
                .conditionExpression("#version = :version AND #rule = :fromRule AND #due = :fromDue")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values), profile);
    }

    /**
     * Records the learner of {@code current} (as read) active at {@code now}, with the profile's next
     * retention event {@code next}: any warning and failure cleared, the version left as it is (so an
     * edit in progress is not refused). False if the profile changed since it was read.
     */
    public boolean markActive(Profile current, Instant now, RetentionEvent next) {
        Map<String, AttributeValue> values = new HashMap<>(retentionValues(next));
        values.put(":now", epochSeconds(now));
        values.put(":version", version(current));
        Map<String, String> names = new HashMap<>(retentionNames());
        names.putAll(Map.of("#active", LAST_ACTIVE_AT, "#erasureAt", INACTIVITY_ERASURE_AT,
                "#failures", RETENTION_FAILURES, "#version", VERSION));
        return updated(request -> request
                .updateExpression(SET_RETENTION + ", #active = :now REMOVE #erasureAt, #failures")
                .conditionExpression("#version = :version")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values), current);
    }

    /**
     * The erasure the profile stands for as retention reads it, consistently; empty if there is no
     * profile or it carries no retention keys. Throws on a damaged item.
     */
    public Optional<DueErasure> find(String profileId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table)
                        .key(key(profileId))
                        .consistentRead(true)
                        .projectionExpression("#id, #version, #email, #rule, #due, #hold")
                        .expressionAttributeNames(Map.of("#id", PROFILE_ID, "#version", VERSION,
                                "#email", EMAIL_LOOKUP_KEY, "#rule", RETENTION_RULE, "#due", RETENTION_DUE_AT,
                                "#hold", LEGAL_HOLD_SINCE)))
                .item();
        if (item == null || !item.containsKey(RETENTION_RULE)) {
            return Optional.empty();
        }
        return Optional.of(new RetentionItem(item).erasure());
    }

    /**
     * Erases the profile read as due, and the address its last email change replaced, with the writes
     * {@code alongside}, in one transaction; false, having erased nothing, if the profile changed since
     * it was read (its version, rule or due date) or is held now.
     */
    public boolean erase(DueErasure due, Writes alongside) {
        String profileId = due.profileId();
        alongside.add(TransactWriteItem.builder().delete(delete -> delete
                .tableName(table)
                .key(key(profileId))
                .conditionExpression("#version = :version AND #rule = :rule AND #due = :due"
                        + " AND attribute_not_exists(#hold)")
                .expressionAttributeNames(Map.of("#version", VERSION, "#rule", RETENTION_RULE,
                        "#due", RETENTION_DUE_AT, "#hold", LEGAL_HOLD_SINCE))
                .expressionAttributeValues(Map.of(
                        ":version", AttributeValue.fromN(Long.toString(due.version())),
                        ":rule", s(due.rule().wireName()),
                        ":due", epochSeconds(due.dueAt())))).build());
        alongside.add(TransactWriteItem.builder().delete(delete -> delete
                .tableName(table)
                .key(key(previousEmailItemId(profileId)))).build());
        // A commit whose answer was lost is recognised by the profile being gone.
        return Transactions.commit(dynamoDb, profileId, alongside, () -> gone(profileId));
    }

    /**
     * Erases again a profile erased once (after a restore), and the address its last email change
     * replaced, unconditionally; true if the table still held the profile.
     */
    public boolean eraseAgain(String profileId) {
        var deleted = dynamoDb.deleteItem(request -> request.tableName(table)
                .key(key(profileId))
                .returnValues(ReturnValue.ALL_OLD));
        dynamoDb.deleteItem(request -> request.tableName(table).key(key(previousEmailItemId(profileId))));
        return deleted.hasAttributes() && !deleted.attributes().isEmpty();
    }

    /**
     * The ids of the confirmed learners (active or deactivated; pending signups are left out), read
     * page by page as iterated with a projection of the id and a filter on the plain status.
     */
    public Iterable<String> confirmedProfileIds() {
        return confirmedProfileIds(null, null);
    }

    /**
     * The same, of the learners whose profile was created from {@code from} (inclusive) to {@code until}
     * (exclusive), either open where null: a breach notice's selection by creation period.
     */
    public Iterable<String> confirmedProfileIds(@Nullable Instant from, @Nullable Instant until) {
        Map<String, String> names = new HashMap<>(Map.of("#id", PROFILE_ID, "#status", STATUS));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":active", s(ProfileStatus.ACTIVE.name()),
                ":deactivated", s(ProfileStatus.DEACTIVATED.name())));
        StringBuilder filter = new StringBuilder("#status IN (:active, :deactivated)");
        if (from != null || until != null) {
            names.put("#created", CREATED_AT);
        }
        if (from != null) {
            filter.append(" AND #created >= :from");
            values.put(":from", s(comparable(from)));
        }
        if (until != null) {
            filter.append(" AND #created < :until");
            values.put(":until", s(comparable(until)));
        }
        var items = dynamoDb.scanPaginator(request -> request.tableName(table)
                .projectionExpression("#id")
                .filterExpression(filter.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values))
                .items();
        return () -> items.stream().map(item -> item.get(PROFILE_ID).s()).iterator();
    }

    /**
     * The ids of the active learners (confirmed, neither deactivated, being deleted nor suspended), in the
     * table's scan order, starting after the profile {@code after} (from the start when null), read page
     * by page as iterated with a projection of the id and a filter on the plain status, each page
     * {@code itemsPerRead} items of the table at most (before the filter): a reader that stops early has
     * paid for little more than it used.
     */
    public Iterable<String> activeProfileIdsAfter(@Nullable String after, int itemsPerRead) {
        var items = dynamoDb.scanPaginator(request -> request.tableName(table)
                .limit(itemsPerRead)
                .projectionExpression("#id")
                .filterExpression("#status = :active")
                .expressionAttributeNames(Map.of("#id", PROFILE_ID, "#status", STATUS))
                .expressionAttributeValues(Map.of(":active", s(ProfileStatus.ACTIVE.name())))
                .exclusiveStartKey(after == null ? null : key(after)))
                .items();
        return () -> items.stream().map(item -> item.get(PROFILE_ID).s()).iterator();
    }

    /**
     * A bound as text that orders against createdAt (Instant.toString: "…:05Z", "…:05.1234Z") as the instants
     * do: to the second, with every fraction digit written, since "." sorts before "Z" and a digit after ".".
     */
    private static String comparable(Instant bound) {
        return bound.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ".000000000Z");
    }

    private static Map<String, String> retentionNames() {
        return Map.of("#queue", RETENTION_QUEUE, "#due", RETENTION_DUE_AT, "#rule", RETENTION_RULE);
    }

    private static Map<String, AttributeValue> retentionValues(RetentionEvent event) {
        Map<String, AttributeValue> values = new HashMap<>();
        ProfileAttributes.retentionKeys(event).forEach((name, value) -> values.put(":" + name, value));
        return values;
    }

    /** A conditional update of the profile's item; false if its condition failed. */
    private boolean updated(Consumer<UpdateItemRequest.Builder> update, Profile profile) {
        try {
            dynamoDb.updateItem(request -> update.accept(request.tableName(table).key(key(profile.profileId()))));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    private boolean gone(String profileId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table)
                .key(key(profileId))
                .consistentRead(true)
                .projectionExpression("#id")
                .expressionAttributeNames(Map.of("#id", PROFILE_ID))).item();
        return item == null || item.isEmpty();
    }

    private static AttributeValue version(Profile profile) {
        return AttributeValue.fromN(Long.toString(profile.version()));
    }

    private static Map<String, AttributeValue> key(String itemId) {
        return Map.of(PROFILE_ID, s(itemId));
    }
}
