package coach.eco.learners.deletion;

import coach.eco.learners.aws.Encrypting;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.inject.qualifiers.Qualifiers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets a test run another party's whole operation between a service's read and its transaction,
 * to order a race exactly. Registered in the function's context, it wraps the real Transactions
 * bean: every write still goes, unchanged, over HTTP to the emulator.
 */
class InterleavingTransactions implements BeanCreatedEventListener<Transactions> {
    private final AtomicReference<Runnable> beforeNextWrite = new AtomicReference<>();

    void beforeNextWrite(Runnable other) {
        beforeNextWrite.set(other);
    }

    @Override
    public Transactions onCreated(BeanCreatedEvent<Transactions> event) {
        Transactions real = event.getBean();
        DynamoDbClient client = event.getSource().getBean(DynamoDbClient.class, Qualifiers.byStereotype(Encrypting.class));
        return new Transactions(client) {
            @Override
            public boolean write(Writes writes) {
                Runnable other = beforeNextWrite.getAndSet(null);
                if (other != null) {
                    // On a thread of its own, as another party's work would be: not inside this function's call.
                    CompletableFuture.runAsync(other).join();
                }
                return real.write(writes);
            }
        };
    }
}
