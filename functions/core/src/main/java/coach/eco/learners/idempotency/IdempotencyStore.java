package coach.eco.learners.idempotency;

import coach.eco.learners.aws.Encrypting;
import coach.eco.learners.aws.Plain;
import coach.eco.learners.config.LearnerConfiguration;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static coach.eco.learners.aws.Items.instant;
import static coach.eco.learners.idempotency.IdempotencyAttributes.ANSWER;
import static coach.eco.learners.idempotency.IdempotencyAttributes.CLAIM;
import static coach.eco.learners.idempotency.IdempotencyAttributes.EXPIRES_AT;
import static coach.eco.learners.idempotency.IdempotencyAttributes.FINGERPRINT;
import static coach.eco.learners.idempotency.IdempotencyAttributes.KEY;
import static coach.eco.learners.idempotency.IdempotencyAttributes.LOCKED_UNTIL;
import static coach.eco.learners.idempotency.IdempotencyAttributes.STATE;

/**
 * The records of Idempotency-Keys: a claim written under a condition before the request runs (so
 * two attempts never run at once), replaced by the answer once it succeeded, deleted if it failed
 * (so a retry runs again). Records go through the encrypting client: the fingerprint and the answer
 * are encrypted and every attribute is signed.
 */
@Singleton
public class IdempotencyStore {
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String COMPLETED = "COMPLETED";

    /** What a claim found. */
    public sealed interface Outcome {
        /** The key is this attempt's: run the request, then complete or release the claim. */
        record Claimed(String claim) implements Outcome {
        }

        /** The key answered before, for the same request. */
        record Answered(StoredAnswer answer) implements Outcome {
        }

        /** An attempt with the key is still running. */
        record InProgress() implements Outcome {
        }

        /** The key was used for a different request. */
        record Mismatch() implements Outcome {
        }
    }

    private final DynamoDbClient encrypting;
    private final DynamoDbClient plain;
    private final JsonMapper json;
    private final Clock clock;
    private final String table;
    /** The longest an attempt can still be running (its deadline plus its last call): after it, a claim is abandoned. */
    private final Duration lock;

    public IdempotencyStore(@Encrypting DynamoDbClient encrypting, @Plain DynamoDbClient plain,
                            JsonMapper json, Clock clock, LearnerConfiguration config) {
        this.encrypting = encrypting;
        this.plain = plain;
        this.json = json;
        this.clock = clock;
        this.table = config.getIdempotencyTable();
        this.lock = config.getRequestBudget().plus(config.getAwsCallTimeout().multipliedBy(2));
    }

    /** Claims the key for this attempt, or says why not. */
    public Outcome claim(KeyedRequest request) {
        String claim = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Map<String, AttributeValue> item = record(request, claim, IN_PROGRESS, now);
        item.put(LOCKED_UNTIL, number(now.plus(lock).toEpochMilli()));
        try {
            encrypting.putItem(put -> put.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#key)")
                    .expressionAttributeNames(Map.of("#key", KEY)));
            return new Outcome.Claimed(claim);
        } catch (ConditionalCheckFailedException taken) {
            return existing(request, item, claim, now);
        }
    }

    /** Replaces the claim with the answer, for the key's retries. */
    public void complete(KeyedRequest request, String claim, StoredAnswer answer) {
        Map<String, AttributeValue> item = record(request, claim, COMPLETED, clock.instant());
        item.put(ANSWER, AttributeValue.fromS(write(answer)));
        encrypting.putItem(put -> put.tableName(table).item(item)
                .conditionExpression("#claim = :claim")
                .expressionAttributeNames(Map.of("#claim", CLAIM))
                .expressionAttributeValues(Map.of(":claim", AttributeValue.fromS(claim))));
    }

    /** Frees the key after a failed attempt: the retry runs the request again. */
    public void release(KeyedRequest request, String claim) {
        plain.deleteItem(delete -> delete.tableName(table).key(Map.of(KEY, AttributeValue.fromS(request.recordKey())))
                .conditionExpression("#claim = :claim")
                .expressionAttributeNames(Map.of("#claim", CLAIM))
                .expressionAttributeValues(Map.of(":claim", AttributeValue.fromS(claim))));
    }

    private Outcome existing(KeyedRequest request, Map<String, AttributeValue> item, String claim, Instant now) {
        Map<String, AttributeValue> found = encrypting.getItem(get -> get.tableName(table).consistentRead(true)
                .key(Map.of(KEY, AttributeValue.fromS(request.recordKey())))).item();
        if (found == null || found.isEmpty()) {
            // Released between the put and the read: claim it again, once.
            return takeOver(item, claim, Optional.empty());
        }
        boolean expired = !instant(found.get(EXPIRES_AT)).isAfter(now);
        if (expired) {
            return takeOver(item, claim, Optional.of(found.get(CLAIM).s()));
        }
        if (!found.get(FINGERPRINT).s().equals(request.fingerprint())) {
            return new Outcome.Mismatch();
        }
        if (COMPLETED.equals(found.get(STATE).s())) {
            return new Outcome.Answered(read(found.get(ANSWER).s()));
        }
        boolean abandoned = Long.parseLong(found.get(LOCKED_UNTIL).n()) <= now.toEpochMilli();
        return abandoned ? takeOver(item, claim, Optional.of(found.get(CLAIM).s())) : new Outcome.InProgress();
    }

    /** Replaces an expired record, or an abandoned claim, with this attempt's claim, unless another attempt did first. */
    private Outcome takeOver(Map<String, AttributeValue> item, String claim, Optional<String> previousClaim) {
        try {
            encrypting.putItem(put -> {
                put.tableName(table).item(item);
                previousClaim.ifPresentOrElse(
                        previous -> put.conditionExpression("#claim = :previous")
                                .expressionAttributeNames(Map.of("#claim", CLAIM))
                                .expressionAttributeValues(Map.of(":previous", AttributeValue.fromS(previous))),
                        () -> put.conditionExpression("attribute_not_exists(#key)")
                                .expressionAttributeNames(Map.of("#key", KEY)));
            });
            return new Outcome.Claimed(claim);
        } catch (ConditionalCheckFailedException lost) {
            return new Outcome.InProgress();
        }
    }

    private Map<String, AttributeValue> record(KeyedRequest request, String claim, String state, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, AttributeValue.fromS(request.recordKey()));
        item.put(STATE, AttributeValue.fromS(state));
        item.put(CLAIM, AttributeValue.fromS(claim));
        item.put(FINGERPRINT, AttributeValue.fromS(request.fingerprint()));
        item.put(EXPIRES_AT, number(now.plus(request.replayedFor()).getEpochSecond()));
        return item;
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private String write(StoredAnswer answer) {
        try {
            return new String(json.writeValueAsBytes(answer), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StoredAnswer read(String stored) {
        try {
            return json.readValue(stored, StoredAnswer.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
