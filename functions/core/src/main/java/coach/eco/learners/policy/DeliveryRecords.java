package coach.eco.learners.policy;

import coach.eco.learners.aws.Plain;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.lookup.LookupTable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.lookup.LookupTable.LOOKUP_KEY;

/**
 * The delivery records of the mailings the policy mail queue carries (a policy version's, a breach
 * notice's), in the lookup table: one per learner and mailing, claimed under a condition before the send
 * (absent, or left failed by an earlier try), so that a retried batch, a redelivered message or a second
 * run sends nothing twice; a send cut off between claim and SES is never repeated (at most once).
 */
@Singleton
public class DeliveryRecords {
    private static final String STATE = "state";
    /** Claimed before the send: the email went, or the send was cut off; either way it is never repeated. */
    private static final String CLAIMED = "claimed";
    private static final String FAILED = "failed";

    /** What a claim found: no record (a first send), a failed one (a retry), or one claimed already. */
    public enum Claim { FIRST, RETRY, TAKEN }

    private final DynamoDbClient dynamoDb;
    private final String lookupTable;
    private final Clock clock;

    public DeliveryRecords(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.lookupTable = config.getLookupTable();
        this.clock = clock;
    }

    /** Claims the learner's record under {@code key}. */
    public Claim claim(AttributeValue key, String profileId) {
        if (claim(key, profileId, "attribute_not_exists(#key)")) {
            return Claim.FIRST;
        }
        return claim(key, profileId, "#state = :failed") ? Claim.RETRY : Claim.TAKEN;
    }

    /** The send failed: the next try may claim the record again. */
    public void failed(AttributeValue key) {
        dynamoDb.updateItem(request -> request.tableName(lookupTable).key(Map.of(LOOKUP_KEY, key))
                .updateExpression("SET #state = :state, #at = :at")
                .expressionAttributeNames(Map.of("#state", STATE, "#at", "at"))
                .expressionAttributeValues(Map.of(":state", s(FAILED), ":at", s(clock.instant().toString()))));
    }

    private boolean claim(AttributeValue key, String profileId, String condition) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LOOKUP_KEY, key);
        item.put(LookupTable.PROFILE_ID, s(profileId));
        item.put(STATE, s(CLAIMED));
        item.put("at", s(clock.instant().toString()));
        boolean onFailed = condition.contains(":failed");
        try {
            dynamoDb.putItem(request -> request.tableName(lookupTable).item(item)
                    .conditionExpression(condition)
                    .expressionAttributeNames(onFailed ? Map.of("#state", STATE) : Map.of("#key", LOOKUP_KEY))
                    .expressionAttributeValues(onFailed ? Map.of(":failed", s(FAILED)) : null));
            return true;
        } catch (ConditionalCheckFailedException alreadyClaimed) {
            return false;
        }
    }
}
