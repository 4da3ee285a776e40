package coach.eco.learners.desk;

import coach.eco.learners.aws.Encrypting;
import coach.eco.learners.aws.Plain;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.instant;
import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.register.RegisterTable.BY_LEARNER;
import static coach.eco.learners.register.RegisterTable.ENTRY;
import static coach.eco.learners.register.RegisterTable.KEY;
import static coach.eco.learners.register.RegisterTable.LEARNERS_QUEUED;
import static coach.eco.learners.register.RegisterTable.NEXT_DUE_AT;
import static coach.eco.learners.register.RegisterTable.OPEN_BY_DUE;
import static coach.eco.learners.register.RegisterTable.OPEN_QUEUE;
import static coach.eco.learners.register.RegisterTable.PERSONAL;
import static coach.eco.learners.register.RegisterTable.PROFILE_ID;
import static coach.eco.learners.register.RegisterTable.RECORDED_AT;
import static coach.eco.learners.register.RegisterTable.REGISTER;
import static coach.eco.learners.register.RegisterTable.SUMMARY;
import static coach.eco.learners.register.RegisterTable.VERSION;

/**
 * The privacy desk's register (the one owner of its table): whole entries through the encrypting client
 * (their personal part encrypted and signed), each change conditioned on the version read; the deadline
 * check's read through the plain client, of the attributes in clear alone, so it decrypts nothing.
 */
@Singleton
public class DeskStore {
    /**
     * One entry as stored: its summary and personal part as JSON; a breach notice's learners queued, which
     * the fan-out counts in place (a write of the entry leaves it as it is).
     */
    public record Entry(String key, String entry, Instant recordedAt, @Nullable String profileId,
                        @Nullable String openQueue, @Nullable Instant nextDueAt, long version, String summary,
                        String personal, long learnersQueued) {
    }

    /** An open entry's next deadline, as the deadline check reads it. */
    public record Due(String key, Instant dueAt) {
    }

    private final DynamoDbClient encrypting;
    private final DynamoDbClient plain;
    private final String table;
    private final Transactions transactions;
    private final JsonMapper json;

    public DeskStore(@Encrypting DynamoDbClient encrypting, @Plain DynamoDbClient plain, LearnerConfiguration config,
                     Transactions transactions, JsonMapper json) {
        this.encrypting = encrypting;
        this.plain = plain;
        this.table = config.getPrivacyDeskTable();
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * Writes the entry with the caller's other writes, all or nothing: a new entry (version 1) only if its
     * key is new, a later version only over the one before it. False, having written nothing, if the
     * entry changed meanwhile or another write's condition failed.
     */
    public boolean write(Entry next, Writes alongside) {
        return transactions.write(alongside.add(put(next)));
    }

    /** The entry's put, for a transaction another store commits (a profile suspended with its report, say). */
    public TransactWriteItem put(Entry next) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                KEY, s(next.key()),
                ENTRY, s(next.entry()),
                RECORDED_AT, s(next.recordedAt().toString()),
                VERSION, AttributeValue.fromN(Long.toString(next.version())),
                SUMMARY, s(next.summary()),
                PERSONAL, s(next.personal())));
        if (next.profileId() != null) {
            item.put(PROFILE_ID, s(next.profileId()));
        }
        if (next.learnersQueued() > 0) {
            item.put(LEARNERS_QUEUED, AttributeValue.fromN(Long.toString(next.learnersQueued())));
        }
        if (next.openQueue() != null) {
            item.put(OPEN_QUEUE, s(next.openQueue()));
            item.put(NEXT_DUE_AT, epochSeconds(next.nextDueAt()));
        }
        return TransactWriteItem.builder().put(put -> {
            put.tableName(table).item(item);
            if (next.version() == 1) {
                put.conditionExpression("attribute_not_exists(#key)").expressionAttributeNames(Map.of("#key", KEY));
            } else {
                put.conditionExpression("#version = :read").expressionAttributeNames(Map.of("#version", VERSION))
                        .expressionAttributeValues(Map.of(":read", AttributeValue.fromN(Long.toString(next.version() - 1))));
            }
        }).build();
    }

    /** The entry, decrypted and verified; empty if there is none. */
    public Optional<Entry> find(String key) {
        Map<String, AttributeValue> item = encrypting.getItem(request -> request.tableName(table)
                .key(Map.of(KEY, s(key))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(entryOf(item));
    }

    /** An entry's summary alone, read in clear through the plain client (nothing decrypted); empty if there is none. */
    public Optional<String> summary(String key) {
        Map<String, AttributeValue> item = plain.getItem(request -> request.tableName(table)
                .key(Map.of(KEY, s(key))).consistentRead(true)
                .projectionExpression("#summary").expressionAttributeNames(Map.of("#summary", SUMMARY))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get(SUMMARY).s());
    }

    /** The entries of one kind about one learner, decrypted, in the order recorded. */
    public List<Entry> ofLearner(String profileId, String entry) {
        return encrypting.queryPaginator(request -> request.tableName(table).indexName(BY_LEARNER)
                        .keyConditionExpression("#profile = :profile")
                        .filterExpression("#entry = :entry")
                        .expressionAttributeNames(Map.of("#profile", PROFILE_ID, "#entry", ENTRY))
                        .expressionAttributeValues(Map.of(":profile", s(profileId), ":entry", s(entry))))
                .items().stream().map(DeskStore::entryOf)
                .sorted((one, other) -> one.recordedAt().compareTo(other.recordedAt())).toList();
    }

    /** The open entries of a queue whose next deadline falls before {@code before}, soonest first. */
    public List<Due> openDueBefore(String queue, Instant before) {
        return plain.queryPaginator(request -> request.tableName(table).indexName(OPEN_BY_DUE)
                        .keyConditionExpression("#queue = :queue AND #due < :before")
                        .expressionAttributeNames(Map.of("#queue", OPEN_QUEUE, "#due", NEXT_DUE_AT))
                        .expressionAttributeValues(Map.of(":queue", s(queue), ":before", epochSeconds(before))))
                .items().stream().map(item -> new Due(item.get(KEY).s(), instant(item.get(NEXT_DUE_AT)))).toList();
    }

    /** Every entry of one kind, decrypted, in the order recorded: the register and the authority's report. */
    public List<Entry> register(String entry) {
        return encrypting.queryPaginator(request -> request.tableName(table).indexName(REGISTER)
                        .keyConditionExpression("#entry = :entry")
                        .expressionAttributeNames(Map.of("#entry", ENTRY))
                        .expressionAttributeValues(Map.of(":entry", s(entry))))
                .items().stream().map(DeskStore::entryOf).toList();
    }

    /** Sets a breach notice's count of learners queued by its latest run, in place (an unsigned attribute). */
    public void countQueued(String key, long learners) {
        plain.updateItem(request -> request.tableName(table).key(Map.of(KEY, s(key)))
                .updateExpression("SET #queued = :learners")
                .conditionExpression("attribute_exists(#key)")
                .expressionAttributeNames(Map.of("#queued", LEARNERS_QUEUED, "#key", KEY))
                .expressionAttributeValues(Map.of(":learners", AttributeValue.fromN(Long.toString(learners)))));
    }

    /** A summary or personal part as the entry keeps it. */
    public String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> T read(String stored, Class<T> type) {
        try {
            return json.readValue(stored, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Entry entryOf(Map<String, AttributeValue> item) {
        return new Entry(item.get(KEY).s(), item.get(ENTRY).s(), Instant.parse(item.get(RECORDED_AT).s()),
                item.containsKey(PROFILE_ID) ? item.get(PROFILE_ID).s() : null,
                item.containsKey(OPEN_QUEUE) ? item.get(OPEN_QUEUE).s() : null,
                item.containsKey(NEXT_DUE_AT) ? instant(item.get(NEXT_DUE_AT)) : null,
                Long.parseLong(item.get(VERSION).n()), item.get(SUMMARY).s(), item.get(PERSONAL).s(),
                item.containsKey(LEARNERS_QUEUED) ? Long.parseLong(item.get(LEARNERS_QUEUED).n()) : 0);
    }
}
