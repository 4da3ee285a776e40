package coach.eco.learners.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Learner ids gathered, in the order given, into the policy mail queue's messages: {@link MailBatch#SIZE}
 * ids a message, and the messages handed on ten at a time, the most one SQS call takes.
 */
public final class BatchQueue {
    /** SQS takes at most ten messages per batch call. */
    static final int MESSAGES_PER_CALL = 10;

    private final Function<List<String>, MailBatch> message;
    private final Consumer<List<MailBatch>> send;
    private final List<String> ids = new ArrayList<>();
    private final List<MailBatch> messages = new ArrayList<>();
    private long learners;
    private long sent;

    /** Batches of {@code versionId} (its reminder, if {@code reminder}), each full call handed to {@code send}. */
    BatchQueue(String versionId, boolean reminder, Consumer<List<MailBatch>> send) {
        this(ids -> new MailBatch(versionId, ids, reminder), send);
    }

    /** Batches that {@code message} makes of each {@link MailBatch#SIZE} ids, each full call handed to {@code send}. */
    public BatchQueue(Function<List<String>, MailBatch> message, Consumer<List<MailBatch>> send) {
        this.message = message;
        this.send = send;
    }

    public void add(String profileId) {
        ids.add(profileId);
        learners++;
        if (ids.size() == MailBatch.SIZE) {
            messages.add(message.apply(List.copyOf(ids)));
            ids.clear();
        }
        if (messages.size() == MESSAGES_PER_CALL) {
            handOn();
        }
    }

    /** Hands on what is left: the last, partly filled message included. */
    public void finish() {
        if (!ids.isEmpty()) {
            messages.add(message.apply(List.copyOf(ids)));
            ids.clear();
        }
        if (!messages.isEmpty()) {
            handOn();
        }
    }

    public long learners() {
        return learners;
    }

    /** The messages handed on so far. */
    public long messages() {
        return sent;
    }

    private void handOn() {
        send.accept(List.copyOf(messages));
        sent += messages.size();
        messages.clear();
    }
}
