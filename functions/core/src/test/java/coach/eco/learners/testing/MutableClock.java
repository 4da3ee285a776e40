package coach.eco.learners.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The real time, which a test moves forward (and back) to reach expiry without waiting for it. */
public final class MutableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }

    /**
     * Runs a test of an hourly limit a minute into a clock hour, so that however slow the machine,
     * its requests fall in one hour; the clock goes back afterwards.
     */
    public void withinOneHour(Runnable test) {
        Instant now = instant();
        Duration shift = Duration.between(now, now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(61)));
        advance(shift);
        try {
            test.run();
        } finally {
            advance(shift.negated());
        }
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC");
    }
}
