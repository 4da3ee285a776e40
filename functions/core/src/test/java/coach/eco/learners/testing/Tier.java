package coach.eco.learners.testing;

/**
 * The tier of the suite this run belongs to. The everyday tier ({@code ./mvnw verify}) checks every
 * invariant at the smallest size that still fails a wrong implementation; the full tier
 * ({@code ./mvnw verify -Pfull}) runs only the tests tagged {@link #TAG}, at the sizes and cross
 * products the benchmarks use. The root pom hands the tier to the test JVM as a system property.
 */
public enum Tier {
    EVERYDAY, FULL;

    /** The JUnit tag of the tests whose size depends on the tier: the full tier runs those alone. */
    public static final String TAG = "full";

    public static Tier current() {
        return "full".equals(System.getProperty("learner.tier")) ? FULL : EVERYDAY;
    }

    /** The everyday value, or the full tier's. */
    public static <T> T pick(T everyday, T full) {
        return current() == FULL ? full : everyday;
    }
}
