package coach.eco.learners.publiclink;

import coach.eco.learners.config.LearnerConfiguration;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Makes a public route that must not reveal whether an email is known take at least a fixed time,
 * so that sending a mail to a known address looks, from outside, like doing nothing for an unknown
 * one. The floor is set above the slowest normal path (see docs/performance.md).
 */
@Singleton
public class ResponseFloor {
    /** The monotonic time and the wait: the system's, or a test's that moves time without waiting. */
    interface Waits {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final Waits SYSTEM = new Waits() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };

    private final Duration floor;
    private final Waits waits;

    @Inject
    public ResponseFloor(LearnerConfiguration config) {
        this(config.getPublicResponseFloor(), SYSTEM);
    }

    ResponseFloor(Duration floor, Waits waits) {
        this.floor = floor;
        this.waits = waits;
    }

    public void run(Runnable work) {
        long ends = waits.nanoTime() + floor.toNanos();
        try {
            work.run();
        } finally {
            long remaining = ends - waits.nanoTime();
            if (remaining > 0) {
                try {
                    waits.sleepNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
