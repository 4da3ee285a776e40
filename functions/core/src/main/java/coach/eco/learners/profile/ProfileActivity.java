package coach.eco.learners.profile;

import coach.eco.learners.config.LearnerConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static coach.eco.learners.profile.ProfileAttributes.INACTIVITY_ERASURE_AT;
import static coach.eco.learners.profile.ProfileAttributes.LAST_ACTIVE_AT;
import static coach.eco.learners.profile.ProfileAttributes.PROFILE_ID;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_DUE_AT;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_FAILURES;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_QUEUE;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_RULE;
import static coach.eco.learners.profile.ProfileAttributes.VERSION;
import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.s;

/**
 * Records that a learner was active (a sign-in, a consent answer) on a profile just read: one
 * conditional update of the unsigned retention attributes, no read, no re-encryption, and none at
 * all when activity was recorded within the last day. It moves the profile's next retention event
 * (cancelling an inactivity countdown) but not its version, so an edit in progress is not refused.
 * Writes that replace the whole profile (edits, confirmations) record activity themselves.
 */
@Singleton
public class ProfileActivity {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileActivity.class);
    /** Activity is kept to the day: at most one write a day per learner, however busy. */
    static final Duration RESOLUTION = Duration.ofDays(1);

    private final DynamoDbClient dynamoDb;
    private final RetentionPolicy retention;
    private final String profilesTable;
    private final Clock clock;

    public ProfileActivity(@Named("plain") DynamoDbClient dynamoDb, RetentionPolicy retention,
                           LearnerConfiguration config, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.retention = retention;
        this.profilesTable = config.getProfilesTable();
        this.clock = clock;
    }

    /**
     * The learner of {@code current} (as just read) is active now. Returns true if recorded, false if
     * already recorded within the day or if the profile changed since it was read (then the change,
     * itself a write of the whole profile, decides).
     */
    public boolean record(Profile current) {
        Instant now = clock.instant();
        if (current.inactivityErasureAt() == null && current.lastActiveAt().plus(RESOLUTION).isAfter(now)) {
            return false;
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":now", epochSeconds(now),
                ":version", AttributeValue.fromN(Long.toString(current.version()))));
        ProfileAttributes.retentionKeys(retention.next(current.activeAt(now)))
                .forEach((name, value) -> values.put(":" + name, value));
        try {
            dynamoDb.updateItem(request -> request.tableName(profilesTable)
                    .key(Map.of(PROFILE_ID, s(current.profileId())))
                    .updateExpression("SET #active = :now, #queue = :" + RETENTION_QUEUE
                            + ", #due = :" + RETENTION_DUE_AT + ", #rule = :" + RETENTION_RULE
                            + " REMOVE #erasureAt, #failures")
                    .conditionExpression("#version = :version")
                    .expressionAttributeNames(Map.of("#active", LAST_ACTIVE_AT, "#queue", RETENTION_QUEUE,
                            "#due", RETENTION_DUE_AT, "#rule", RETENTION_RULE, "#erasureAt", INACTIVITY_ERASURE_AT,
                            "#failures", RETENTION_FAILURES, "#version", VERSION))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            LOG.info("activity not recorded, the profile changed since it was read profileId={}",
                    current.profileId());
            return false;
        }
    }
}
