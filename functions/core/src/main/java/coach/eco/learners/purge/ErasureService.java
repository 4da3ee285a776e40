package coach.eco.learners.purge;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.token.LookupItemsOfProfile;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static coach.eco.learners.profile.ProfileAttributes.EMAIL_LOOKUP_KEY;
import static coach.eco.learners.profile.ProfileAttributes.ERASURE_DUE_AT;
import static coach.eco.learners.profile.ProfileAttributes.LEGAL_HOLD_SINCE;
import static coach.eco.learners.profile.ProfileAttributes.PROFILE_ID;
import static coach.eco.learners.profile.ProfileAttributes.VERSION;
import static coach.eco.learners.profile.ProfileAttributes.epochSeconds;
import static coach.eco.learners.profile.ProfileAttributes.s;
import static coach.eco.learners.token.TokenStore.LOOKUP_KEY;

/**
 * Erases one profile whose deletion is due: the profile, its email lookup item, its tokens and
 * sessions, in one transaction with a PII-free erasure record. The transaction's conditions make a
 * racing cancel or legal hold and the erasure exclusive: if the profile changed since it was read
 * as due, nothing is erased. Reads only plain attributes, so it never decrypts (nor needs to).
 */
@Singleton
public class ErasureService {
    private static final Logger LOG = LoggerFactory.getLogger(ErasureService.class);

    /** A profile read as due for erasure, at the version it was read. */
    public record DueErasure(String profileId, long version, String emailLookupKey, Instant dueAt) {
    }

    private final DynamoDbClient dynamoDb;
    private final LookupItemsOfProfile lookupItems;
    private final AuditLog audit;
    private final String profilesTable;
    private final String lookupTable;
    private final Clock clock;

    public ErasureService(@Named("plain") DynamoDbClient dynamoDb, LookupItemsOfProfile lookupItems, AuditLog audit,
                          LearnerConfiguration config, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.lookupItems = lookupItems;
        this.audit = audit;
        this.profilesTable = config.getProfilesTable();
        this.lookupTable = config.getLookupTable();
        this.clock = clock;
    }

    /** Erases the profile if it is due now; false if it is not (or no longer) due, held, or gone. */
    public boolean erase(String profileId) {
        return due(profileId).map(this::carryOut).orElse(false);
    }

    /** The erasure the profile is due for now: a deletion past its due date, and no active legal hold. */
    public Optional<DueErasure> due(String profileId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(profilesTable)
                .key(Map.of(PROFILE_ID, s(profileId)))
                .consistentRead(true)
                .projectionExpression("#id, #version, #email, #due, #hold")
                .expressionAttributeNames(Map.of("#id", PROFILE_ID, "#version", VERSION,
                        "#email", EMAIL_LOOKUP_KEY, "#due", ERASURE_DUE_AT, "#hold", LEGAL_HOLD_SINCE)))
                .item();
        if (item == null || !item.containsKey(ERASURE_DUE_AT) || item.containsKey(LEGAL_HOLD_SINCE)) {
            return Optional.empty();
        }
        Instant dueAt = Instant.ofEpochSecond(Long.parseLong(item.get(ERASURE_DUE_AT).n()));
        if (dueAt.isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new DueErasure(profileId, Long.parseLong(item.get(VERSION).n()),
                item.get(EMAIL_LOOKUP_KEY).s(), dueAt));
    }

    /** Erases what was read as due; false, having erased nothing, if the profile changed since. */
    public boolean carryOut(DueErasure erasure) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(delete -> delete
                .tableName(profilesTable)
                .key(Map.of(PROFILE_ID, s(erasure.profileId())))
                .conditionExpression("#version = :version AND #due <= :now AND attribute_not_exists(#hold)")
                .expressionAttributeNames(Map.of("#version", VERSION, "#due", ERASURE_DUE_AT,
                        "#hold", LEGAL_HOLD_SINCE))
                .expressionAttributeValues(Map.of(
                        ":version", AttributeValue.fromN(Long.toString(erasure.version())),
                        ":now", epochSeconds(clock.instant())))).build());
        writes.add(TransactWriteItem.builder().delete(delete -> delete
                .tableName(lookupTable)
                .key(Map.of(LOOKUP_KEY, s(erasure.emailLookupKey())))
                // The address may belong to someone else only if this profile no longer owns it.
                .conditionExpression("attribute_not_exists(#key) OR #profile = :profile")
                .expressionAttributeNames(Map.of("#key", LOOKUP_KEY, "#profile", PROFILE_ID))
                .expressionAttributeValues(Map.of(":profile", s(erasure.profileId())))).build());
        writes.add(audit.record(erasure.profileId(), AuditEvent.PROFILE_ERASED,
                Map.of("erasureDueAt", erasure.dueAt().toString(), ErasureLedger.MARK, ErasureLedger.ERASED)));
        List<TransactWriteItem> tokensAndSessions = lookupItems.deletes(erasure.profileId()).stream()
                .filter(delete -> !delete.delete().key().get(LOOKUP_KEY).s().equals(erasure.emailLookupKey()))
                .toList();
        var fitted = LookupItemsOfProfile.fit(tokensAndSessions, writes.size());
        writes.addAll(fitted.inTransaction());
        if (!Transactions.write(dynamoDb, writes)) {
            LOG.info("erasure skipped, the profile changed since it was read profileId={}", erasure.profileId());
            return false;
        }
        lookupItems.deleteNow(fitted.after());
        LOG.info("profile erased profileId={}", erasure.profileId());
        return true;
    }
}
