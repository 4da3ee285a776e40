package coach.eco.learners.policy;

/** Spaces sends evenly at a rate, so that SES's per-second quota is not exceeded. */
public final class SendPace {
    private final long intervalNanos;
    private long next = System.nanoTime();

    public SendPace(int perSecond) {
        this.intervalNanos = 1_000_000_000L / perSecond;
    }

    public void await() {
        long now = System.nanoTime();
        if (next > now) {
            try {
                Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        next = Math.max(now, next) + intervalNanos;
    }
}
