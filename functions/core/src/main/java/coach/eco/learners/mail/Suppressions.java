package coach.eco.learners.mail;

import coach.eco.learners.aws.Batches;
import coach.eco.learners.aws.Items;
import coach.eco.learners.aws.Plain;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.lookup.LookupTable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.lookup.LookupTable.LOOKUP_KEY;

/**
 * Addresses that bounced for good or complained, by their email lookup key (never the address):
 * the policy mailing sends them nothing more. A link the learner asks for (sign-in) still goes,
 * and using it proves the address receives mail again, which lifts the suppression.
 */
@Singleton
public class Suppressions {
    /** How long a bounced or complaining address that is no learner's stays suppressed. */
    static final Duration NOBODYS_MARK_LIFE = Duration.ofDays(90);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public Suppressions(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = config.getLookupTable();
        this.clock = clock;
    }

    /**
     * Marks the address suppressed; the profile owning it, if any, is named so that erasure removes the mark.
     * The mark of an address that is nobody's lapses after {@link #NOBODYS_MARK_LIFE}: nothing else would
     * ever remove it.
     */
    public void suppress(String emailLookupKey, String profileId, String reason) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                LOOKUP_KEY, key(emailLookupKey),
                "reason", s(reason),
                "at", s(now.toString())));
        if (profileId != null) {
            item.put(LookupTable.PROFILE_ID, s(profileId));
        } else {
            item.put(Items.EXPIRES_AT, AttributeValue.fromN(Long.toString(now.plus(NOBODYS_MARK_LIFE).getEpochSecond())));
        }
        dynamoDb.putItem(request -> request.tableName(table).item(item));
    }

    /** Which of these addresses (lookup keys, at most 100) are suppressed, read in one batch. */
    public Set<String> suppressedAmong(Collection<String> emailLookupKeys) {
        return Batches.getAll(dynamoDb, table, emailLookupKeys.stream().distinct()
                        .map(lookupKey -> Map.of(LOOKUP_KEY, key(lookupKey))).toList())
                .stream().map(item -> LookupTable.suppressedAddress(item.get(LOOKUP_KEY)))
                .collect(Collectors.toSet());
    }

    /** Lifts the mark, in the caller's transaction (a no-op where there is none). */
    public TransactWriteItem lift(String emailLookupKey) {
        return TransactWriteItem.builder().delete(delete -> delete.tableName(table)
                .key(Map.of(LOOKUP_KEY, key(emailLookupKey)))).build();
    }

    private static AttributeValue key(String emailLookupKey) {
        return LookupTable.suppressedKey(emailLookupKey);
    }
}
