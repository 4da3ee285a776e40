package coach.eco.learners.aws;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
import java.util.function.BooleanSupplier;

/** DynamoDB transactions: every write or none, through the encrypting client. */
@Singleton
public class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
    /** DynamoDB's limit on the items of one transaction. */
    public static final int MAX_ITEMS = 100;

    private final DynamoDbClient dynamoDb;

    public Transactions(@Named("encrypting") DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /**
     * Writes all or nothing. Returns false, having written nothing, when a condition failed (an item
     * changed, was taken or was used meanwhile); any other failure is thrown.
     */
    public boolean write(List<TransactWriteItem> writes) {
        return write(dynamoDb, writes);
    }

    /** The same, through a client of the caller's choosing. */
    public static boolean write(DynamoDbClient dynamoDb, List<TransactWriteItem> writes) {
        try {
            dynamoDb.transactWriteItems(request -> request.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code()))) {
                return false;
            }
            throw e;
        }
    }

    public boolean write(TransactWriteItem... writes) {
        return write(List.of(writes));
    }

    /**
     * Writes all or nothing, and tells this write's own commit from a refusal. A call that got no
     * answer (timed out, connection dropped) may have committed all the same, and a first attempt that
     * committed after its attempt timeout, or lost its answer, makes the SDK's own retry fail its
     * conditions on the change it made. Either way {@code ownCommit} reads back whether the state
     * stored is this write's: then the write is done (true). Otherwise a refusal is false and a call
     * left unanswered is thrown. The profile it is for is logged when its answer was lost.
     */
    public boolean commit(String profileId, List<TransactWriteItem> writes, BooleanSupplier ownCommit) {
        return recognised(profileId, () -> write(writes), ownCommit);
    }

    /** The same, through a client of the caller's choosing. */
    public static boolean commit(DynamoDbClient dynamoDb, String profileId, List<TransactWriteItem> writes,
                                 BooleanSupplier ownCommit) {
        return recognised(profileId, () -> write(dynamoDb, writes), ownCommit);
    }

    private static boolean recognised(String profileId, BooleanSupplier write, BooleanSupplier ownCommit) {
        try {
            if (write.getAsBoolean()) {
                return true;
            }
            if (ownCommit.getAsBoolean()) {
                LOG.info("transaction committed by an attempt whose answer was lost profileId={}", profileId);
                return true;
            }
            return false;
        } catch (SdkClientException unanswered) {
            if (ownCommit.getAsBoolean()) {
                LOG.info("transaction committed though its answer was lost profileId={}", profileId);
                return true;
            }
            throw unanswered;
        }
    }
}
