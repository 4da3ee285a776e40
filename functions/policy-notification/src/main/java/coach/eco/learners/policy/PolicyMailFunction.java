package coach.eco.learners.policy;

import coach.eco.learners.aws.LambdaContexts;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import org.slf4j.MDC;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda handler for the policy mail queue: mails each message's batch of learners. A message
 * with learners left to mail (SES throttled or refused) is reported as failed, so SQS hands it
 * back later and, after its last try, keeps it in the dead-letter queue.
 */
public class PolicyMailFunction extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
    @Inject
    PolicyDelivery delivery;

    @Inject
    JsonMapper json;

    public PolicyMailFunction() {
    }

    public PolicyMailFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            MDC.put("requestId", message.getMessageId());
            try {
                if (!delivery.deliver(json.readValue(message.getBody(), MailBatch.class)).isEmpty()) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            } catch (IOException | RuntimeException e) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            } finally {
                MDC.remove("requestId");
            }
        }
        return new SQSBatchResponse(failures);
    }
}
