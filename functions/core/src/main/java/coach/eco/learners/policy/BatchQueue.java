package coach.eco.learners.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Learner ids gathered, in the order given, into the policy mail queue's messages: {@link MailBatch#SIZE}
 * ids a message, and the messages handed on ten at a time, the most one SQS call takes.
 */
final class BatchQueue {
    /** SQS takes at most ten messages per batch call. */
    static final int MESSAGES_PER_CALL = 10;

    private final String versionId;
    private final boolean reminder;
    private final Consumer<List<MailBatch>> send;
    private final List<String> ids = new ArrayList<>();
    private final List<MailBatch> messages = new ArrayList<>();
    private long learners;
    private long sent;

    /** Batches of {@code versionId} (its reminder, if {@code reminder}), each full call handed to {@code send}. */
    BatchQueue(String versionId, boolean reminder, Consumer<List<MailBatch>> send) {
        this.versionId = versionId;
        this.reminder = reminder;
        this.send = send;
    }

    void add(String profileId) {
        ids.add(profileId);
        learners++;
        if (ids.size() == MailBatch.SIZE) {
            messages.add(new MailBatch(versionId, List.copyOf(ids), reminder));
            ids.clear();
        }
        if (messages.size() == MESSAGES_PER_CALL) {
            handOn();
        }
    }

    /** Hands on what is left: the last, partly filled message included. */
    void finish() {
        if (!ids.isEmpty()) {
            messages.add(new MailBatch(versionId, List.copyOf(ids), reminder));
            ids.clear();
        }
        if (!messages.isEmpty()) {
            handOn();
        }
    }

    long learners() {
        return learners;
    }

    /** The messages handed on so far. */
    long messages() {
        return sent;
    }

    private void handOn() {
        send.accept(List.copyOf(messages));
        sent += messages.size();
        messages.clear();
    }
}
