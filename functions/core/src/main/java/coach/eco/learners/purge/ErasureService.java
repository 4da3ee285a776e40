package coach.eco.learners.purge;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.profile.RetentionRule;
import coach.eco.learners.token.LookupItemsOfProfile;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static coach.eco.learners.profile.ProfileAttributes.EMAIL_LOOKUP_KEY;
import static coach.eco.learners.profile.ProfileAttributes.LEGAL_HOLD_SINCE;
import static coach.eco.learners.profile.ProfileAttributes.PROFILE_ID;
import static coach.eco.learners.profile.ProfileAttributes.previousEmailItemId;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_DUE_AT;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_RULE;
import static coach.eco.learners.profile.ProfileAttributes.VERSION;
import static coach.eco.learners.aws.Items.instant;
import static coach.eco.learners.aws.Items.s;

/**
 * Erases one profile that is due, under any erasure rule (requested, inactive, unverified): the
 * profile, its email lookup item, its tokens and sessions, in one transaction with a PII-free
 * erasure record naming the rule. The transaction's conditions make a racing cancel, sign-in or
 * legal hold and the erasure exclusive: if the profile changed since it was read as due, nothing is
 * erased. Reads only plain attributes, so it never decrypts (nor needs to).
 */
@Singleton
public class ErasureService {
    private static final Logger LOG = LoggerFactory.getLogger(ErasureService.class);

    /** A profile read as due (from the table or the RetentionDue index), as it was when read. */
    public record DueErasure(String profileId, long version, RetentionRule rule, Instant dueAt,
                             @Nullable String emailLookupKey, boolean held) {

        /** Reads the plain attributes the RetentionDue index projects; throws on a damaged item. */
        static DueErasure of(Map<String, AttributeValue> item) {
            return new DueErasure(item.get(PROFILE_ID).s(), Long.parseLong(item.get(VERSION).n()),
                    RetentionRule.ofWireName(item.get(RETENTION_RULE).s()), instant(item.get(RETENTION_DUE_AT)),
                    item.containsKey(EMAIL_LOOKUP_KEY) ? item.get(EMAIL_LOOKUP_KEY).s() : null,
                    item.containsKey(LEGAL_HOLD_SINCE));
        }

        boolean isDue(Instant now) {
            return rule.queue().equals(RetentionRule.ERASE) && !dueAt.isAfter(now);
        }
    }

    private final DynamoDbClient dynamoDb;
    private final LookupItemsOfProfile lookupItems;
    private final AuditLog audit;
    private final String profilesTable;
    private final Clock clock;

    public ErasureService(@Named("plain") DynamoDbClient dynamoDb, LookupItemsOfProfile lookupItems, AuditLog audit,
                          LearnerConfiguration config, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.lookupItems = lookupItems;
        this.audit = audit;
        this.profilesTable = config.getProfilesTable();
                this.clock = clock;
    }

    /** Erases the profile if it is due now; false if it is not (or no longer) due, held, or gone. */
    public boolean erase(String profileId) {
        return due(profileId).map(this::carryOut).orElse(false);
    }

    /** The erasure the profile is due for now, read consistently; empty if none, or if it is held. */
    public Optional<DueErasure> due(String profileId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(profilesTable)
                .key(Map.of(PROFILE_ID, s(profileId)))
                .consistentRead(true)
                .projectionExpression("#id, #version, #email, #rule, #due, #hold")
                .expressionAttributeNames(Map.of("#id", PROFILE_ID, "#version", VERSION,
                        "#email", EMAIL_LOOKUP_KEY, "#rule", RETENTION_RULE, "#due", RETENTION_DUE_AT,
                        "#hold", LEGAL_HOLD_SINCE)))
                .item();
        if (item == null || !item.containsKey(RETENTION_RULE)) {
            return Optional.empty();
        }
        return Optional.of(DueErasure.of(item)).filter(due -> !due.held() && due.isDue(clock.instant()));
    }

    /**
     * Erases what was read as due; false, having erased nothing, if the profile changed since (its
     * version, rule or due date) or is held now.
     */
    public boolean carryOut(DueErasure erasure) {
        String profileId = erasure.profileId();
        Writes writes = Writes.of(TransactWriteItem.builder().delete(delete -> delete
                .tableName(profilesTable)
                .key(Map.of(PROFILE_ID, s(profileId)))
                .conditionExpression("#version = :version AND #rule = :rule AND #due = :due"
                        + " AND attribute_not_exists(#hold)")
                .expressionAttributeNames(Map.of("#version", VERSION, "#rule", RETENTION_RULE,
                        "#due", RETENTION_DUE_AT, "#hold", LEGAL_HOLD_SINCE))
                .expressionAttributeValues(Map.of(
                        ":version", AttributeValue.fromN(Long.toString(erasure.version())),
                        ":rule", s(erasure.rule().wireName()),
                        ":due", AttributeValue.fromN(Long.toString(erasure.dueAt().getEpochSecond()))))).build());
        writes.add(TransactWriteItem.builder().delete(delete -> delete
                .tableName(profilesTable)
                .key(Map.of(PROFILE_ID, s(previousEmailItemId(profileId))))).build());
        writes.add(audit.record(profileId, AuditEvent.PROFILE_ERASED,
                Map.of("rule", erasure.rule().wireName(), "erasureDueAt", erasure.dueAt().toString(),
                        ErasureLedger.MARK, ErasureLedger.ERASED)));
        // Only the address this profile still owns: a lapsed signup's address may be someone else's now.
        lookupItems.eraseAll(profileId,
                erasure.rule() == RetentionRule.UNVERIFIED ? null : erasure.emailLookupKey(), writes);
        // A commit whose answer was lost is recognised by the profile being gone.
        if (!Transactions.commit(dynamoDb, profileId, writes, () -> gone(profileId))) {
            LOG.info("erasure skipped, the profile changed since it was read profileId={}", profileId);
            return false;
        }
        LOG.info("profile erased profileId={} rule={}", profileId, erasure.rule().wireName());
        return true;
    }

    private boolean gone(String profileId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(profilesTable)
                .key(Map.of(PROFILE_ID, s(profileId)))
                .consistentRead(true)
                .projectionExpression("#id")
                .expressionAttributeNames(Map.of("#id", PROFILE_ID))).item();
        return item == null || item.isEmpty();
    }
}
