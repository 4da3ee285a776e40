package coach.eco.learners.policy;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy mail queue, as the fan-outs fill it: up to ten batches per SQS call. A call that queues only
 * some of them is thrown: the run is retried, and the sender skips whoever it mailed already.
 */
@Singleton
public class MailQueue {
    private final SqsClient sqs;
    private final JsonMapper json;
    private final String queueUrl;

    public MailQueue(SqsClient sqs, JsonMapper json, PolicyMailConfiguration mailConfig) {
        this.sqs = sqs;
        this.json = json;
        this.queueUrl = mailConfig.getPolicyMailQueueUrl();
    }

    public void send(List<MailBatch> batches) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body(batches.get(i)))
                    .build());
        }
        var response = sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
        if (!response.failed().isEmpty()) {
            throw SqsException.builder().message(response.failed().size() + " batches not queued").build();
        }
    }

    private String body(MailBatch batch) {
        try {
            return json.writeValueAsString(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
