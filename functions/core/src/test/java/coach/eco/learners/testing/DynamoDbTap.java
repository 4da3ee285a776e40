package coach.eco.learners.testing;

import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Listens to every DynamoDB call of the tests (a global SDK interceptor, registered in
 * software/amazon/awssdk/global/handlers/execution.interceptors): counts the items calls read,
 * and can stop a function dead before its n-th transaction, as a Lambda timeout would.
 */
public class DynamoDbTap implements ExecutionInterceptor {
    private static final AtomicLong ITEMS_READ = new AtomicLong();
    private static final AtomicInteger TRANSACTIONS_LEFT = new AtomicInteger(Integer.MAX_VALUE);

    /** What a function instance killed mid-run experiences: nothing after this point runs. */
    public static final class Killed extends Error {
        Killed() {
            super("function instance stopped", null, false, false);
        }
    }

    public static long itemsRead() {
        return ITEMS_READ.get();
    }

    public static void resetItemsRead() {
        ITEMS_READ.set(0);
    }

    /** The next {@code transactions} transactions go through; the one after them kills the caller. */
    public static void killAfter(int transactions) {
        TRANSACTIONS_LEFT.set(transactions);
    }

    public static void neverKill() {
        TRANSACTIONS_LEFT.set(Integer.MAX_VALUE);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof TransactWriteItemsRequest && TRANSACTIONS_LEFT.getAndDecrement() <= 0) {
            throw new Killed();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        long items = 0;
        if (response instanceof GetItemResponse get) {
            items = get.hasItem() && !get.item().isEmpty() ? 1 : 0;
        } else if (response instanceof QueryResponse query) {
            // Read is what DynamoDB read (and bills), before any filter: a filtered scan reads the table.
            items = query.scannedCount();
        } else if (response instanceof ScanResponse scan) {
            items = scan.scannedCount();
        } else if (response instanceof BatchGetItemResponse batch) {
            items = batch.responses().values().stream().mapToLong(java.util.List::size).sum();
        }
        ITEMS_READ.addAndGet(items);
    }
}
