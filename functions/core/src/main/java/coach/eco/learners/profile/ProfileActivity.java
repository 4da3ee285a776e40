package coach.eco.learners.profile;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Records that a learner was active (a sign-in, a consent answer) on a profile just read: one
 * conditional update of the unsigned retention attributes, no read, no re-encryption, and none at
 * all when activity was recorded within the last day. It moves the profile's next retention event
 * (cancelling an inactivity countdown) but not its version, so an edit in progress is not refused.
 * Writes that replace the whole profile (edits, confirmations) record activity themselves.
 */
@Singleton
public class ProfileActivity {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileActivity.class);
    /** Activity is kept to the day: at most one write a day per learner, however busy. */
    static final Duration RESOLUTION = Duration.ofDays(1);

    private final RetentionStore store;
    private final RetentionPolicy retention;
    private final Clock clock;

    public ProfileActivity(RetentionStore store, RetentionPolicy retention, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * The learner of {@code current} (as just read) is active now. Returns true if recorded, false if
     * already recorded within the day or if the profile changed since it was read (then the change,
     * itself a write of the whole profile, decides).
     */
    public boolean record(Profile current) {
        Instant now = clock.instant();
        if (current.inactivityErasureAt() == null && current.lastActiveAt().plus(RESOLUTION).isAfter(now)) {
            return false;
        }
        if (!store.markActive(current, now, retention.next(current.activeAt(now)))) {
            LOG.info("activity not recorded, the profile changed since it was read profileId={}",
                    current.profileId());
            return false;
        }
        return true;
    }
}
