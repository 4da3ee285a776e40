package coach.eco.learners.policy;

import coach.eco.learners.consent.PurposeAnswer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The tally of one policy mail batch: which of its learners are still to be mailed (their own mail, their
 * guardian's, or both), and what it adds to its version's counters, written once per batch. A reminder's sends
 * count as reminders, a guardian's mail apart from the learners'; a mail sent on a retry is taken off the failed
 * ones; a throttled send ends the batch, its rest still to go.
 */
final class DeliveryTally {
    /** What one learner's turn came to. */
    enum Outcome {
        SENT(Map.of(PolicyVersionStore.Counter.SENT, 1L)),
        SENT_AFTER_FAILING(Map.of(PolicyVersionStore.Counter.SENT, 1L, PolicyVersionStore.Counter.FAILED, -1L)),
        SKIPPED(Map.of()),
        FAILED(Map.of(PolicyVersionStore.Counter.FAILED, 1L)),
        FAILED_AGAIN(Map.of()),
        THROTTLED(Map.of());

        private final Map<PolicyVersionStore.Counter, Long> counted;

        Outcome(Map<PolicyVersionStore.Counter, Long> counted) {
            this.counted = counted;
        }
    }

    private final MailBatch batch;
    private final List<String> left = new ArrayList<>();
    private final Map<PolicyVersionStore.Counter, Long> counts = new EnumMap<>(PolicyVersionStore.Counter.class);

    DeliveryTally(MailBatch batch) {
        this.batch = batch;
    }

    /**
     * Counts the mail to {@code recipient} (the learner, or their guardian) of the batch's learner at
     * {@code index}; false when the batch must stop there.
     */
    boolean count(int index, PurposeAnswer.Actor recipient, Outcome outcome) {
        outcome.counted.forEach((counter, amount) -> counts.merge(
                counter == PolicyVersionStore.Counter.SENT ? sent(recipient) : counter, amount, Long::sum));
        String learner = batch.profileIds().get(index);
        if (outcome == Outcome.THROTTLED) {
            left.remove(learner);
            left.addAll(batch.profileIds().subList(index, batch.profileIds().size()));
            return false;
        }
        if ((outcome == Outcome.FAILED || outcome == Outcome.FAILED_AGAIN) && !left.contains(learner)) {
            left.add(learner);
        }
        return true;
    }

    private PolicyVersionStore.Counter sent(PurposeAnswer.Actor recipient) {
        if (recipient == PurposeAnswer.Actor.GUARDIAN) {
            return batch.reminder() ? PolicyVersionStore.Counter.GUARDIANS_REMINDED
                    : PolicyVersionStore.Counter.SENT_TO_GUARDIANS;
        }
        return batch.reminder() ? PolicyVersionStore.Counter.REMINDED : PolicyVersionStore.Counter.SENT;
    }

    /** The learners still to be mailed, in the batch's order. */
    List<String> left() {
        return List.copyOf(left);
    }

    /** What the batch adds to its version's counters so far; counters it leaves as they were are not named. */
    Map<PolicyVersionStore.Counter, Long> counts() {
        Map<PolicyVersionStore.Counter, Long> changed = new EnumMap<>(counts);
        changed.values().removeIf(amount -> amount == 0);
        return changed;
    }
}
