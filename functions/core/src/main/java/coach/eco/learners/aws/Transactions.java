package coach.eco.learners.aws;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.function.BooleanSupplier;

/**
 * DynamoDB transactions: every write of a {@link Writes} or none, through the encrypting client, then
 * the deletes it had no room for.
 */
@Singleton
public class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    private final DynamoDbClient dynamoDb;

    public Transactions(@Encrypting DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /**
     * Writes all or nothing. Returns false, having written nothing, when a condition failed (an item
     * changed, was taken or was used meanwhile); any other failure is thrown.
     */
    public boolean write(Writes writes) {
        return write(dynamoDb, writes);
    }

    /** The same, through a client of the caller's choosing. */
    public static boolean write(DynamoDbClient dynamoDb, Writes writes) {
        try {
            dynamoDb.transactWriteItems(request -> request.transactItems(writes.transaction()));
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code()))) {
                return false;
            }
            throw e;
        }
        deleteAfterCommit(dynamoDb, writes);
        return true;
    }

    /**
     * Writes all or nothing, and tells this write's own commit from a refusal. A call that got no
     * answer (timed out, connection dropped) may have committed all the same, and a first attempt that
     * committed after its attempt timeout, or lost its answer, makes the SDK's own retry fail its
     * conditions on the change it made. Either way {@code ownCommit} reads back whether the state
     * stored is this write's: then the write is done (true). Otherwise a refusal is false and a call
     * left unanswered is thrown. The profile it is for is logged when its answer was lost.
     */
    public boolean commit(String profileId, Writes writes, BooleanSupplier ownCommit) {
        return recognised(profileId, () -> write(writes), ownCommit, () -> deleteAfterCommit(dynamoDb, writes));
    }

    /** The same, through a client of the caller's choosing. */
    public static boolean commit(DynamoDbClient dynamoDb, String profileId, Writes writes,
                                 BooleanSupplier ownCommit) {
        return recognised(profileId, () -> write(dynamoDb, writes), ownCommit,
                () -> deleteAfterCommit(dynamoDb, writes));
    }

    private static boolean recognised(String profileId, BooleanSupplier write, BooleanSupplier ownCommit,
                                      Runnable afterOwnCommit) {
        try {
            if (write.getAsBoolean()) {
                return true;
            }
            if (ownCommit.getAsBoolean()) {
                LOG.info("transaction committed by an attempt whose answer was lost profileId={}", profileId);
                afterOwnCommit.run();
                return true;
            }
            return false;
        } catch (SdkClientException unanswered) {
            if (ownCommit.getAsBoolean()) {
                LOG.info("transaction committed though its answer was lost profileId={}", profileId);
                afterOwnCommit.run();
                return true;
            }
            throw unanswered;
        }
    }

    /**
     * The deletes the transaction had no room for, each on its own and under its own condition: one
     * whose condition fails (the item is another's by now) is left.
     */
    private static void deleteAfterCommit(DynamoDbClient dynamoDb, Writes writes) {
        for (TransactWriteItem write : writes.afterCommit()) {
            Delete delete = write.delete();
            try {
                dynamoDb.deleteItem(request -> request.tableName(delete.tableName()).key(delete.key())
                        .conditionExpression(delete.conditionExpression())
                        .expressionAttributeNames(delete.expressionAttributeNames().isEmpty()
                                ? null : delete.expressionAttributeNames())
                        .expressionAttributeValues(delete.expressionAttributeValues().isEmpty()
                                ? null : delete.expressionAttributeValues()));
            } catch (ConditionalCheckFailedException another) {
                LOG.info("item left after the commit, it is another's now table={}", delete.tableName());
            }
        }
    }
}
