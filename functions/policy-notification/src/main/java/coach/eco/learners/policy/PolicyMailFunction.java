package coach.eco.learners.policy;

import coach.eco.learners.aws.EventFunction;
import coach.eco.learners.desk.BreachDelivery;
import coach.eco.learners.mailing.MailingDelivery;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda handler for the policy mail queue: mails each message's batch of learners (a policy version's, a
 * breach notice's or a purpose mailing's). A message
 * with learners left to mail (SES throttled or refused) is reported as failed, so SQS hands it
 * back later and, after its last try, keeps it in the dead-letter queue.
 */
public class PolicyMailFunction extends EventFunction<SQSEvent, SQSBatchResponse> {
    @Inject
    PolicyDelivery delivery;

    @Inject
    BreachDelivery breachDelivery;

    @Inject
    MailingDelivery mailingDelivery;

    @Inject
    JsonMapper json;

    public PolicyMailFunction() {
    }

    public PolicyMailFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected SQSBatchResponse handle(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            if (!withRequestId(message.getMessageId(), () -> delivered(message))) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Whether every learner of the message's batch was mailed. */
    private boolean delivered(SQSEvent.SQSMessage message) {
        try {
            MailBatch batch = json.readValue(message.getBody(), MailBatch.class);
            List<String> left = batch.breachId() != null ? breachDelivery.deliver(batch)
                    : batch.mailingId() != null ? mailingDelivery.deliver(batch) : delivery.deliver(batch);
            return left.isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
