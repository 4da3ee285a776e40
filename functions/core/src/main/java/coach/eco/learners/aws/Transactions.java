package coach.eco.learners.aws;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;

/** DynamoDB transactions: every write or none, through the encrypting client. */
@Singleton
public class Transactions {
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
}
