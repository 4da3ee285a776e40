package coach.eco.learners.publiclink;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The floor, on a clock the test moves: no answer leaves before it, whichever path ran. */
class ResponseFloorTest {
    private static final Duration FLOOR = Duration.ofMillis(300);

    /** Time that passes only when the work or the floor's wait says so. */
    private static final class TestWaits implements ResponseFloor.Waits {
        long now = 1_000_000_000L;
        final List<Duration> slept = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            slept.add(Duration.ofNanos(nanos));
            now += nanos;
        }

        void pass(Duration duration) {
            now += duration.toNanos();
        }
    }

    @Test
    void aFastAndASlowerPath_bothLeaveAtTheFloor() {
        TestWaits unknownEmail = new TestWaits();
        TestWaits knownEmail = new TestWaits();

        Duration unknown = timed(unknownEmail, () -> unknownEmail.pass(Duration.ofMillis(25)));
        Duration known = timed(knownEmail, () -> knownEmail.pass(Duration.ofMillis(43)));

        assertThat(unknown).isEqualTo(FLOOR);
        assertThat(known).isEqualTo(FLOOR);
        assertThat(unknownEmail.slept).containsExactly(Duration.ofMillis(275));
        assertThat(knownEmail.slept).containsExactly(Duration.ofMillis(257));
    }

    @Test
    void aPathSlowerThanTheFloor_waitsNoLonger() {
        TestWaits waits = new TestWaits();

        assertThat(timed(waits, () -> waits.pass(Duration.ofMillis(450)))).isEqualTo(Duration.ofMillis(450));
        assertThat(waits.slept).isEmpty();
    }

    @Test
    void aPathThatFails_stillLeavesAtTheFloor() {
        TestWaits waits = new TestWaits();
        long start = waits.nanoTime();

        assertThatThrownBy(() -> new ResponseFloor(FLOOR, waits).run(() -> {
            waits.pass(Duration.ofMillis(10));
            throw new IllegalStateException("the service failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Duration.ofNanos(waits.nanoTime() - start)).isEqualTo(FLOOR);
    }

    private static Duration timed(TestWaits waits, Runnable work) {
        long start = waits.nanoTime();
        new ResponseFloor(FLOOR, waits).run(work);
        return Duration.ofNanos(waits.nanoTime() - start);
    }
}
