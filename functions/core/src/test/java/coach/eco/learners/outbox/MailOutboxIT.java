package coach.eco.learners.outbox;

import coach.eco.learners.aws.RequestDeadline;
import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.testing.FunctionContext;
import coach.eco.learners.testing.LocalAwsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalAwsExtension.class)
class MailOutboxIT {
    @RegisterExtension
    static final FunctionContext UPDATE = new FunctionContext("UpdateFunction");

    @Test
    void aMailWhoseSendFailsAfterTheRequestsBudgetIsSpent_goesBackToTheOutbox_notLost() {
        MailOutbox outbox = UPDATE.bean(MailOutbox.class);
        MailOutbox.Entry entry = new MailOutbox.Entry("deletion-in-force", UUID.randomUUID().toString(), "bound");
        UPDATE.plainDynamoDb().transactWriteItems(request -> request.transactItems(outbox.put(entry)));
        // A call may start only if its whole timeout (twice the 2 s attempt timeout) fits in the budget:
        // the take at once fits in 6 s; after a send that fails 2.5 s later, no further call would.
        RequestDeadline.within(Duration.ofSeconds(6), () -> {
            outbox.deliverNow(entry, () -> {
                sleep(Duration.ofMillis(2500));
                throw SdkClientException.create("SES did not answer");
            });
            return null;
        });

        assertThat(UPDATE.plainDynamoDb().getItem(request -> request.tableName(LocalAwsExtension.aws().physicalId("LookupTable"))
                .key(Map.of(LookupTable.LOOKUP_KEY, LookupTable.outboxKey(entry.kind(), entry.profileId())))).item())
                .as("the entry, listed again for the scheduled run").isNotEmpty();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
