package coach.eco.learners.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What Lambda's triggers do in AWS, done on request: the emulator keeps EventBridge rules and SQS
 * queues but invokes no function. Each pass hands every event a rule caught (read from the rule's
 * stand-in target queue) and every message of a function's SQS event source to the function, as
 * Lambda would: SQS messages in batches of the source's size, the ones the function reports as
 * failed back on the queue (the queue's redrive takes them to its dead-letter queue in the end).
 */
public final class LocalTriggers implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SamTemplate template;
    private final LocalAws aws;
    private final Map<String, RequestHandler<?, ?>> handlers;
    private final SqsClient sqs = SqsClient.create();

    /** Triggers for the functions given, by their logical ids in the template. */
    public LocalTriggers(SamTemplate template, LocalAws aws, Map<String, RequestHandler<?, ?>> handlers) {
        this.template = template;
        this.aws = aws;
        this.handlers = Map.copyOf(handlers);
    }

    /** The functions these triggers invoke, by logical id. */
    public List<String> functions() {
        return handlers.keySet().stream().sorted().toList();
    }

    /** Delivers until nothing waits; returns how many invocations that took. */
    public synchronized int deliverPending() {
        int invocations = 0;
        int lastPass;
        do {
            lastPass = 0;
            for (SamTemplate.Function function : template.functions()) {
                if (handlers.containsKey(function.logicalId())) {
                    lastPass += deliver(function);
                }
            }
            invocations += lastPass;
        } while (lastPass > 0);
        return invocations;
    }

    @SuppressWarnings("unchecked")
    private int deliver(SamTemplate.Function function) {
        var onSchedule = (RequestHandler<ScheduledEvent, Object>) handlers.get(function.logicalId());
        var onMessages = (RequestHandler<SQSEvent, SQSBatchResponse>) handlers.get(function.logicalId());
        int invocations = 0;
        for (SamTemplate.EventRule rule : function.eventRules()) {
            // One event an invocation, as EventBridge sends them; a handler that throws stops the pass.
            invocations += drain(aws.ruleQueueUrl(function, rule), 1, messages -> {
                onSchedule.handleRequest(scheduledEvent(messages.get(0).body()), null);
                return Set.of();
            });
        }
        for (SamTemplate.QueueSource source : function.queueSources()) {
            invocations += drain(aws.physicalId(source.queue()), source.batchSize(),
                    messages -> failedIn(messages, () -> onMessages.handleRequest(sqsEvent(messages), null)));
        }
        return invocations;
    }

    /** The ids of the messages the function reports as failed; all of them if it throws. */
    private static Set<String> failedIn(List<Message> messages, Supplier<SQSBatchResponse> invocation) {
        try {
            return invocation.get().getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        } catch (RuntimeException e) {
            return messages.stream().map(Message::messageId).collect(Collectors.toSet());
        }
    }

    /**
     * Hands the queue's messages to {@code invoke} in batches of up to {@code batchSize} until none is
     * left: the messages it answers as failed go back on the queue, the others are deleted. Returns
     * how many batches that took.
     */
    private int drain(String queueUrl, int batchSize, Function<List<Message>, Set<String>> invoke) {
        int invocations = 0;
        List<Message> messages;
        while (!(messages = receive(queueUrl, batchSize)).isEmpty()) {
            invocations++;
            Set<String> failed = invoke.apply(messages);
            for (Message message : messages) {
                if (failed.contains(message.messageId())) {
                    // Back on the queue at once: locally nobody waits out the visibility timeout.
                    sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl)
                            .receiptHandle(message.receiptHandle()).visibilityTimeout(0));
                } else {
                    sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
        }
        return invocations;
    }

    private List<Message> receive(String queueUrl, int max) {
        return sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(max).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    /** The event as EventBridge sends it to a Lambda target. */
    private static ScheduledEvent scheduledEvent(String body) {
        try {
            Map<String, Object> event = JSON.readValue(body, new TypeReference<>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> detail = (Map<String, Object>) event.getOrDefault("detail", Map.of());
            @SuppressWarnings("unchecked")
            List<String> resources = (List<String>) event.getOrDefault("resources", List.of());
            return new ScheduledEvent()
                    .withId(String.valueOf(event.get("id")))
                    .withSource(String.valueOf(event.get("source")))
                    .withDetailType(String.valueOf(event.get("detail-type")))
                    .withAccount(String.valueOf(event.get("account")))
                    .withRegion(String.valueOf(event.get("region")))
                    .withResources(resources)
                    .withDetail(detail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SQSEvent sqsEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            record.setEventSource("aws:sqs");
            record.setAwsRegion(LocalAws.REGION);
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    @Override
    public void close() {
        sqs.close();
    }
}
