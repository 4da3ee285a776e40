package coach.eco.learners.publiclink;

import coach.eco.learners.config.LearnerConfiguration;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Makes a public route that must not reveal whether an email is known take at least a fixed time,
 * so that sending a mail to a known address looks, from outside, like doing nothing for an unknown
 * one. The floor is set above the slowest normal path (see docs/performance.md).
 */
@Singleton
public class ResponseFloor {
    private final Duration floor;

    public ResponseFloor(LearnerConfiguration config) {
        this.floor = config.getPublicResponseFloor();
    }

    public void run(Runnable work) {
        long ends = System.nanoTime() + floor.toNanos();
        try {
            work.run();
        } finally {
            long remaining = ends - System.nanoTime();
            if (remaining > 0) {
                try {
                    Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
