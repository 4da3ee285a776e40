package coach.eco.learners.policy;

import coach.eco.learners.policy.DeliveryTally.Outcome;
import coach.eco.learners.policy.PolicyVersionStore.Counter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static coach.eco.learners.consent.PurposeAnswer.Actor.GUARDIAN;
import static coach.eco.learners.consent.PurposeAnswer.Actor.LEARNER;
import static org.assertj.core.api.Assertions.assertThat;

/** What a policy mail batch adds to its version's counters, and which of its learners are left to mail. */
class DeliveryTallyTest {
    private static final List<String> LEARNERS = List.of("a", "b", "c", "d");

    @Test
    void eachMailSent_countsAsSent_andLeavesNobody() {
        DeliveryTally tally = tally(false, Outcome.SENT, Outcome.SENT, Outcome.SKIPPED, Outcome.SENT);

        assertThat(tally.counts()).isEqualTo(Map.of(Counter.SENT, 3L));
        assertThat(tally.left()).isEmpty();
    }

    @Test
    void aReminderSent_countsAsAReminder_notAsTheAnnouncement() {
        assertThat(tally(true, Outcome.SENT, Outcome.SKIPPED).counts()).isEqualTo(Map.of(Counter.REMINDED, 1L));
    }

    @Test
    void aFailedSend_countsAsFailedOnce_andLeavesItsLearnerForTheRetry() {
        DeliveryTally tally = tally(false, Outcome.FAILED, Outcome.SENT, Outcome.FAILED_AGAIN, Outcome.SKIPPED);

        assertThat(tally.counts()).isEqualTo(Map.of(Counter.FAILED, 1L, Counter.SENT, 1L));
        assertThat(tally.left()).containsExactly("a", "c");
    }

    @Test
    void aSendThatSucceedsOnItsRetry_movesOneFromFailedToSent_andCountersLeftAsTheyWereAreNotWritten() {
        DeliveryTally tally = tally(false, Outcome.FAILED, Outcome.SENT_AFTER_FAILING);

        assertThat(tally.counts()).isEqualTo(Map.of(Counter.SENT, 1L));
    }

    @Test
    void aThrottledSend_endsTheBatch_leavingItsLearnerAndTheRest() {
        DeliveryTally tally = new DeliveryTally(new MailBatch("2027-01", LEARNERS, false));

        assertThat(tally.count(0, LEARNER, Outcome.SENT)).isTrue();
        assertThat(tally.count(1, LEARNER, Outcome.THROTTLED)).isFalse();
        assertThat(tally.left()).containsExactly("b", "c", "d");
        assertThat(tally.counts()).isEqualTo(Map.of(Counter.SENT, 1L));
    }

    @Test
    void aGuardiansMail_countsApartFromTheLearners_asSentOrReminded() {
        DeliveryTally announcement = new DeliveryTally(new MailBatch("2027-01", LEARNERS, false));
        DeliveryTally reminder = new DeliveryTally(new MailBatch("2027-01", LEARNERS, true));

        for (DeliveryTally tally : List.of(announcement, reminder)) {
            assertThat(tally.count(0, LEARNER, Outcome.SENT)).isTrue();
            assertThat(tally.count(0, GUARDIAN, Outcome.SENT)).isTrue();
            assertThat(tally.count(1, GUARDIAN, Outcome.SENT)).isTrue();
        }

        assertThat(announcement.counts()).isEqualTo(Map.of(Counter.SENT, 1L, Counter.SENT_TO_GUARDIANS, 2L));
        assertThat(reminder.counts()).isEqualTo(Map.of(Counter.REMINDED, 1L, Counter.GUARDIANS_REMINDED, 2L));
    }

    @Test
    void aLearnerWhoseOwnMailAndGuardiansMailBothFail_isLeftOnce_andBothCountAsFailed() {
        DeliveryTally tally = new DeliveryTally(new MailBatch("2027-01", LEARNERS, false));

        tally.count(0, LEARNER, Outcome.FAILED);
        tally.count(0, GUARDIAN, Outcome.FAILED);
        tally.count(1, LEARNER, Outcome.SENT);
        tally.count(1, GUARDIAN, Outcome.FAILED);

        assertThat(tally.left()).containsExactly("a", "b");
        assertThat(tally.counts()).isEqualTo(Map.of(Counter.FAILED, 3L, Counter.SENT, 1L));
    }

    @Test
    void aGuardiansMailThrottledAfterAFailedOne_leavesItsLearnerOnce_withTheRest() {
        DeliveryTally tally = new DeliveryTally(new MailBatch("2027-01", LEARNERS, false));

        tally.count(0, LEARNER, Outcome.SENT);
        tally.count(1, LEARNER, Outcome.FAILED);
        assertThat(tally.count(1, GUARDIAN, Outcome.THROTTLED)).isFalse();

        assertThat(tally.left()).containsExactly("b", "c", "d");
    }

    private static DeliveryTally tally(boolean reminder, Outcome... outcomes) {
        DeliveryTally tally = new DeliveryTally(new MailBatch("2027-01", LEARNERS, reminder));
        for (int i = 0; i < outcomes.length; i++) {
            assertThat(tally.count(i, LEARNER, outcomes[i])).isTrue();
        }
        return tally;
    }
}
