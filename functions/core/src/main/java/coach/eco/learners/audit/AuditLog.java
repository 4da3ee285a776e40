package coach.eco.learners.audit;

import coach.eco.learners.config.LearnerConfiguration;
import jakarta.inject.Singleton;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The audit trail: one PII-free record per change to a profile (which profile, what kind of change,
 * when, under which request, and, when a guardian acts for a learner under 16, {@code actor: guardian}).
 * Always written in the change's own transaction, so a change without its record, or a record without its
 * change, cannot exist.
 */
@Singleton
public class AuditLog {
    public static final String PROFILE_ID = "profileId";
    public static final String RECORDED = "recorded";
    /** Where staff calls that reached no profile are recorded, in place of a profile id. */
    public static final String STAFF_ACCESS = "staff-access";
    /**
     * Who acts in the request when it is not the learner: the session check names the guardian of a guardian's
     * session here, in the request's context as its id is, and every record of the request carries it.
     */
    public static final String ACTOR = "actor";

    private final String table;
    private final Clock clock;

    public AuditLog(LearnerConfiguration config, Clock clock) {
        this.table = config.getAuditTable();
        this.clock = clock;
    }

    public TransactWriteItem record(String profileId, AuditEvent event) {
        return record(profileId, event, Map.of());
    }

    /**
     * A record with facts about the change: names from this system's own vocabulary ("kind":
     * "delete") or a staff member's IAM role and session name, never a value a learner typed.
     */
    public TransactWriteItem record(String profileId, AuditEvent event, Map<String, String> facts) {
        String at = clock.instant().toString();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PROFILE_ID, AttributeValue.fromS(profileId));
        // Unique and in time order within a profile, even for two changes in one millisecond.
        item.put(RECORDED, AttributeValue.fromS(at + "#" + UUID.randomUUID()));
        item.put("event", AttributeValue.fromS(event.name()));
        item.put("at", AttributeValue.fromS(at));
        facts.forEach((name, value) -> item.put(name, AttributeValue.fromS(value)));
        String actor = MDC.get(ACTOR);
        if (actor != null) {
            item.put(ACTOR, AttributeValue.fromS(actor));
        }
        String requestId = MDC.get("requestId");
        if (requestId != null) {
            item.put("requestId", AttributeValue.fromS(requestId));
        }
        return TransactWriteItem.builder().put(put -> put.tableName(table).item(item)).build();
    }
}
