package coach.eco.learners.purge;

import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Plain;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.profile.RetentionStore;
import coach.eco.learners.token.LookupItemsOfProfile;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;

import static coach.eco.learners.aws.Items.s;

/**
 * The ids of every erased profile, and nothing else: each erasure record in the audit trail carries
 * the ledger's mark, and the sparse ErasureLedger index lists them. Backups (point-in-time recovery)
 * still hold erased profiles for their recovery period; after a restore, {@link #reapply()} erases
 * again, from the tables this function is configured with, every profile the ledger names.
 */
@Singleton
public class ErasureLedger {
    public static final String INDEX = "ErasureLedger";
    /** The attribute that puts an audit record in the index, and its one value. */
    public static final String MARK = "erasureLedger";
    public static final String ERASED = "erased";
    private static final Logger LOG = LoggerFactory.getLogger(ErasureLedger.class);

    /** What a re-application did: ledger entries read, and profiles the restored tables still held. */
    public record Reapplied(int entries, int erasedAgain) {
    }

    private final DynamoDbClient dynamoDb;
    private final RetentionStore store;
    private final LookupItemsOfProfile lookupItems;
    private final String auditTable;

    public ErasureLedger(@Plain DynamoDbClient dynamoDb, RetentionStore store,
                         LookupItemsOfProfile lookupItems, LearnerConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.store = store;
        this.lookupItems = lookupItems;
        this.auditTable = config.getAuditTable();
    }

    /**
     * Erases again every profile in the ledger, with every lookup item leading to it, unconditionally
     * (each was erased lawfully once; a restore must not bring it back). Idempotent: run it again
     * after an interruption.
     */
    public Reapplied reapply() {
        int entries = 0;
        int erasedAgain = 0;
        var ledger = dynamoDb.queryPaginator(request -> request.tableName(auditTable)
                .indexName(INDEX)
                .keyConditionExpression("#mark = :erased")
                .expressionAttributeNames(Map.of("#mark", MARK))
                .expressionAttributeValues(Map.of(":erased", s(ERASED)))).items();
        for (var entry : ledger) {
            String profileId = entry.get(AuditLog.PROFILE_ID).s();
            entries++;
            boolean stillThere = store.eraseAgain(profileId);
            lookupItems.deleteAll(profileId);
            if (stillThere) {
                erasedAgain++;
                LOG.info("restored profile erased again profileId={}", profileId);
            }
        }
        LOG.info("erasure ledger re-applied entries={} erasedAgain={}", entries, erasedAgain);
        return new Reapplied(entries, erasedAgain);
    }
}
