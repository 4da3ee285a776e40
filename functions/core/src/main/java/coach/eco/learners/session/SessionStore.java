package coach.eco.learners.session;

import coach.eco.learners.aws.Plain;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.token.GrantMacs;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static coach.eco.learners.aws.Items.EXPIRES_AT;
import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.lookup.LookupTable.LOOKUP_KEY;
import static coach.eco.learners.lookup.LookupTable.PROFILE_ID;

/**
 * Sessions in the lookup table, keyed by the hash of their token; the TTL follows the idle expiry. Each
 * carries a MAC over its key, profile, sign-in time, absolute expiry and, for a guardian's, its actor, checked on
 * every read: the last use and the TTL, which each read moves, are outside it, and bounded by the absolute
 * expiry. A session with no actor attribute is the learner's own (as every session stored before guardians).
 */
@Singleton
public class SessionStore {
    private static final String SIGNED_IN_AT = "signedInAt";
    private static final String LAST_SEEN_AT = "lastSeenAt";
    private static final String ABSOLUTE_EXPIRES_AT = "absoluteExpiresAt";
    private static final String ACTOR = "actor";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final LearnerConfiguration config;
    private final GrantMacs macs;

    public SessionStore(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config, GrantMacs macs) {
        this.dynamoDb = dynamoDb;
        this.table = config.getLookupTable();
        this.config = config;
        this.macs = macs;
    }

    /** A new session of {@code actor} for the profile, live until {@code absolute} at the latest. */
    public TransactWriteItem create(OneTimeToken token, String profileId, PurposeAnswer.Actor actor, Instant now,
                                    Instant absolute) {
        String key = TokenStore.keyOf(TokenPurpose.SESSION, token).s();
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                LOOKUP_KEY, s(key),
                PROFILE_ID, s(profileId),
                SIGNED_IN_AT, s(now.toString()),
                LAST_SEEN_AT, s(now.toString()),
                ABSOLUTE_EXPIRES_AT, s(absolute.toString()),
                EXPIRES_AT, epochSeconds(expiry(now, absolute))));
        String actorName = actor == PurposeAnswer.Actor.LEARNER ? null : actor.wireName();
        if (actorName != null) {
            item.put(ACTOR, s(actorName));
        }
        item.put(GrantMacs.MAC, macs.mac(granted(key, profileId, now.toString(), absolute.toString(), actorName)));
        return TransactWriteItem.builder().put(put -> put
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(" + LOOKUP_KEY + ")")).build();
    }

    /** The session of the token; empty for an unknown one, and for an item without its valid MAC. */
    public Optional<Session> find(OneTimeToken token) {
        String key = TokenStore.keyOf(TokenPurpose.SESSION, token).s();
        var item = dynamoDb.getItem(request -> request.tableName(table)
                .key(Map.of(LOOKUP_KEY, s(key)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        String actorName = item.containsKey(ACTOR) ? GrantMacs.text(item, ACTOR) : null;
        if (!macs.verifies(TokenPurpose.SESSION, item, granted(key, GrantMacs.text(item, PROFILE_ID),
                GrantMacs.text(item, SIGNED_IN_AT), GrantMacs.text(item, ABSOLUTE_EXPIRES_AT), actorName))) {
            return Optional.empty();
        }
        // Read once its MAC holds: only this store wrote it.
        PurposeAnswer.Actor actor = actorName == null ? PurposeAnswer.Actor.LEARNER
                : PurposeAnswer.Actor.ofWireName(actorName);
        return Optional.of(new Session(item.get(PROFILE_ID).s(), Instant.parse(item.get(SIGNED_IN_AT).s()),
                Instant.parse(item.get(LAST_SEEN_AT).s()), Instant.parse(item.get(ABSOLUTE_EXPIRES_AT).s()), actor));
    }

    /** Records use of the session; false if it was revoked meanwhile. */
    public boolean touch(OneTimeToken token, Session session, Instant now) {
        try {
            dynamoDb.updateItem(request -> request.tableName(table)
                    .key(Map.of(LOOKUP_KEY, TokenStore.keyOf(TokenPurpose.SESSION, token)))
                    .updateExpression("SET #seen = :now, #expires = :expires")
                    .conditionExpression("attribute_exists(#key)")
                    .expressionAttributeNames(Map.of("#seen", LAST_SEEN_AT, "#expires", EXPIRES_AT, "#key", LOOKUP_KEY))
                    .expressionAttributeValues(Map.of(
                            ":now", s(now.toString()),
                            ":expires", epochSeconds(expiry(now, session.absoluteExpiresAt())))));
            return true;
        } catch (ConditionalCheckFailedException revoked) {
            return false;
        }
    }

    public TransactWriteItem revoke(OneTimeToken token) {
        return TransactWriteItem.builder().delete(delete -> delete
                .tableName(table)
                .key(Map.of(LOOKUP_KEY, TokenStore.keyOf(TokenPurpose.SESSION, token)))).build();
    }

    /**
     * What a session grants, in the order its MAC covers it; a guardian's names its actor last, so a learner's
     * session is covered as it always was.
     */
    private static List<String> granted(String key, String profileId, String signedInAt, String absoluteExpiresAt,
                                        @Nullable String actor) {
        List<String> granted = new ArrayList<>(List.of(key, profileId, signedInAt, absoluteExpiresAt));
        if (actor != null) {
            granted.add(actor);
        }
        return granted;
    }

    private Instant expiry(Instant lastSeen, Instant absolute) {
        Instant idle = lastSeen.plus(config.getSessionIdleTimeout());
        return idle.isBefore(absolute) ? idle : absolute;
    }
}
