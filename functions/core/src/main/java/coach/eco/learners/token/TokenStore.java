package coach.eco.learners.token;

import coach.eco.learners.aws.Batches;
import coach.eco.learners.aws.Plain;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.lookup.LookupTable;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static coach.eco.learners.aws.Items.EXPIRES_AT;
import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.instant;
import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.lookup.LookupTable.LOOKUP_KEY;
import static coach.eco.learners.lookup.LookupTable.PROFILE_ID;

/**
 * One-time tokens in the lookup table, keyed by purpose and hash. They carry a TTL, and are also
 * refused here once expired, because DynamoDB deletes expired items only eventually.
 */
@Singleton
public class TokenStore {
    private static final String BOUND_TO = "boundTo";
    /** The lookup key of a token's twin: the other link of a pair, used up with it. */
    private static final String TWIN = "twin";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final GrantMacs macs;
    private final Clock clock;

    public TokenStore(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config, GrantMacs macs, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = config.getLookupTable();
        this.macs = macs;
        this.clock = clock;
    }

    public TransactWriteItem put(TokenPurpose purpose, OneTimeToken token, String profileId, Instant expiresAt) {
        return put(purpose, token, profileId, null, expiresAt);
    }

    /** A token bound to one thing of the profile too (the email address it confirms, say). */
    public TransactWriteItem put(TokenPurpose purpose, OneTimeToken token, String profileId, String boundTo,
                                 Instant expiresAt) {
        return put(new Minted(purpose, token, profileId, boundTo, expiresAt));
    }

    private Map<String, AttributeValue> item(Minted minted) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                LOOKUP_KEY, keyOf(minted.purpose(), minted.token()),
                PROFILE_ID, s(minted.profileId()),
                EXPIRES_AT, epochSeconds(minted.expiresAt())));
        if (minted.boundTo() != null) {
            item.put(BOUND_TO, s(minted.boundTo()));
        }
        if (minted.twin() != null) {
            item.put(TWIN, keyOf(minted.twin().purpose(), minted.twin().token()));
        }
        if (minted.purpose().carriesMac()) {
            item.put(GrantMacs.MAC, macs.mac(granted(item)));
        }
        return item;
    }

    /** A token written on its own. */
    public void save(TokenPurpose purpose, OneTimeToken token, String profileId, Instant expiresAt) {
        saveAll(List.of(new Minted(purpose, token, profileId, null, expiresAt)));
    }

    /**
     * Several tokens, each bound to one thing of its profile or to nothing, saved at once: one put for
     * one token, one batch for more (each is fresh and random, so no condition is needed).
     */
    public void saveAll(List<Minted> minted) {
        if (minted.size() == 1) {
            var put = put(minted.get(0)).put();
            dynamoDb.putItem(request -> request.tableName(put.tableName()).item(put.item())
                    .conditionExpression(put.conditionExpression()));
        } else {
            Batches.putAll(dynamoDb, table, minted.stream().map(this::item).toList());
        }
    }

    /**
     * Deletes tokens that nobody will ever hold (their mail failed): one delete for one token, one
     * batch for more. If that fails too, they expire unused.
     */
    public void discardAll(List<Minted> minted) {
        List<Map<String, AttributeValue>> keys = minted.stream()
                .map(token -> Map.of(LOOKUP_KEY, keyOf(token.purpose(), token.token()))).toList();
        if (keys.size() == 1) {
            dynamoDb.deleteItem(request -> request.tableName(table).key(keys.get(0)));
        } else {
            Batches.deleteAll(dynamoDb, table, keys);
        }
    }

    /**
     * A token minted for a link: what its item will hold. A token of a pair (accept or refuse) names its
     * twin, the other link of the same mail: answering by either uses up both.
     */
    public record Minted(TokenPurpose purpose, OneTimeToken token, String profileId, @Nullable String boundTo,
                         Instant expiresAt, @Nullable Twin twin) {
        public Minted(TokenPurpose purpose, OneTimeToken token, String profileId, @Nullable String boundTo,
                      Instant expiresAt) {
            this(purpose, token, profileId, boundTo, expiresAt, null);
        }
    }

    /** The other token of a pair. */
    public record Twin(TokenPurpose purpose, OneTimeToken token) {
    }

    /** The minted token's put, for the caller's transaction. */
    public TransactWriteItem put(Minted minted) {
        return TransactWriteItem.builder().put(put -> put
                .tableName(table)
                .item(item(minted))
                .conditionExpression("attribute_not_exists(" + LOOKUP_KEY + ")"))
                .build();
    }

    /**
     * What a live token grants; empty for an unknown, used or expired token, and for one of a kind that
     * carries a MAC whose item has no valid MAC.
     */
    public Optional<TokenGrant> find(TokenPurpose purpose, OneTimeToken token) {
        var item = dynamoDb.getItem(request -> request.tableName(table)
                .key(Map.of(LOOKUP_KEY, keyOf(purpose, token)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()
                || purpose.carriesMac() && !macs.verifies(purpose, item, granted(item)) || isExpired(item)) {
            return Optional.empty();
        }
        return Optional.of(new TokenGrant(item.get(PROFILE_ID).s(),
                item.containsKey(BOUND_TO) ? item.get(BOUND_TO).s() : null,
                item.containsKey(TWIN) ? item.get(TWIN).s() : null));
    }

    /** Deletes the token in the caller's transaction, which fails if the token was already used. */
    public TransactWriteItem consume(TokenPurpose purpose, OneTimeToken token, String profileId) {
        return TransactWriteItem.builder().delete(delete -> delete
                .tableName(table)
                .key(Map.of(LOOKUP_KEY, keyOf(purpose, token)))
                .conditionExpression("#profile = :profile AND #expires > :now")
                .expressionAttributeNames(Map.of("#profile", PROFILE_ID, "#expires", EXPIRES_AT))
                .expressionAttributeValues(Map.of(
                        ":profile", s(profileId),
                        ":now", epochSeconds(clock.instant())))).build();
    }

    /**
     * Deletes the token and its twin, if it has one, in the caller's transaction, which fails if either
     * was already used: of a pair, only the first answer counts.
     */
    public List<TransactWriteItem> consumeWithTwin(TokenPurpose purpose, OneTimeToken token, TokenGrant grant) {
        TransactWriteItem own = consume(purpose, token, grant.profileId());
        if (grant.twinKey() == null) {
            return List.of(own);
        }
        return List.of(own, TransactWriteItem.builder().delete(delete -> delete
                .tableName(table)
                .key(Map.of(LOOKUP_KEY, s(grant.twinKey())))
                .conditionExpression("#profile = :profile")
                .expressionAttributeNames(Map.of("#profile", PROFILE_ID))
                .expressionAttributeValues(Map.of(":profile", s(grant.profileId())))).build());
    }

    /** What a token grants, in the order its MAC covers it: its key, profile, expiry, binding and twin. */
    private static List<String> granted(Map<String, AttributeValue> item) {
        AttributeValue expiresAt = item.get(EXPIRES_AT);
        return List.of(GrantMacs.text(item, LOOKUP_KEY), GrantMacs.text(item, PROFILE_ID),
                expiresAt == null || expiresAt.n() == null ? "" : expiresAt.n(),
                GrantMacs.text(item, BOUND_TO), GrantMacs.text(item, TWIN));
    }

    private boolean isExpired(Map<String, AttributeValue> item) {
        return !instant(item.get(EXPIRES_AT)).isAfter(clock.instant());
    }

    public static AttributeValue keyOf(TokenPurpose purpose, OneTimeToken token) {
        return LookupTable.tokenKey(purpose.keyPrefix(), token.hash());
    }
}
