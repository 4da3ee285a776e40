package coach.eco.learners.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** How the policy fan-out packs learners into queue messages, and messages into SQS calls. */
class BatchQueueTest {
    private final List<List<MailBatch>> calls = new ArrayList<>();

    @Test
    void learners_arePackedFiftyToAMessage_inTheirOrder_withTheVersionAndWhetherItIsTheReminder() {
        BatchQueue queue = queueOf(51, true);

        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).extracting(batch -> batch.profileIds().size()).containsExactly(50, 1);
        assertThat(calls.get(0).get(1)).isEqualTo(new MailBatch("2027-01", List.of("learner-50"), true));
        assertThat(calls.get(0).get(0).profileIds()).startsWith("learner-0", "learner-1");
        assertThat(queue.learners()).isEqualTo(51);
        assertThat(queue.messages()).isEqualTo(2);
    }

    @Test
    void messages_goTenToACall_theLastCallTakingWhatIsLeft() {
        BatchQueue queue = queueOf(501, false);

        assertThat(calls).extracting(List::size).containsExactly(10, 1);
        assertThat(calls.get(1).get(0).profileIds()).containsExactly("learner-500");
        assertThat(queue.messages()).isEqualTo(11);
    }

    @Test
    void tenFullMessages_goInOneCall_andNothingFollows() {
        queueOf(500, false);

        assertThat(calls).extracting(List::size).containsExactly(10);
    }

    @Test
    void noLearners_makeNoCall() {
        BatchQueue queue = queueOf(0, false);

        assertThat(calls).isEmpty();
        assertThat(queue.messages()).isZero();
    }

    private BatchQueue queueOf(int learners, boolean reminder) {
        BatchQueue queue = new BatchQueue("2027-01", reminder, calls::add);
        IntStream.range(0, learners).forEach(i -> queue.add("learner-" + i));
        queue.finish();
        return queue;
    }
}
