package coach.eco.learners.profile;

import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.time.VietnamTime;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;

/**
 * When each profile is due for what (policy section III: kept until the account stops being
 * active). Every profile has exactly one next event: an unconfirmed signup lapses; a requested
 * deletion is erased at the end of its grace period; otherwise the learner is warned after the
 * inactivity period less the warning lead, and erased on the date the warning gave.
 */
@Singleton
public class RetentionPolicy {
    private final Period inactivityPeriod;
    private final Duration warningLead;

    @Inject
    public RetentionPolicy(LearnerConfiguration config) {
        this(config.getInactivityPeriod(), config.getInactivityWarningLead());
    }

    /** Erasure after {@code inactivityPeriod} without activity, warned {@code warningLead} ahead. */
    public RetentionPolicy(Period inactivityPeriod, Duration warningLead) {
        this.inactivityPeriod = inactivityPeriod;
        this.warningLead = warningLead;
    }

    public RetentionEvent next(Profile profile) {
        if (profile.isUnauthorisedErasureDecided()) {
            return new RetentionEvent(RetentionRule.UNAUTHORISED, seconds(profile.deletionRequest().erasureDueAt()));
        }
        // A learner's own deletion is erased on time, suspended or not; otherwise a suspension waits for staff.
        if (profile.status() == ProfileStatus.SUSPENDED
                && (profile.deletionRequest() == null || profile.deletionRequest().erasureDueAt() == null)) {
            return new RetentionEvent(RetentionRule.SUSPENDED, seconds(profile.updatedAt()));
        }
        if (profile.status() == ProfileStatus.PENDING_VERIFICATION) {
            return new RetentionEvent(RetentionRule.UNVERIFIED, seconds(profile.expiresAt()));
        }
        if (profile.deletionRequest() != null && profile.deletionRequest().erasureDueAt() != null) {
            return new RetentionEvent(RetentionRule.REQUESTED, seconds(profile.deletionRequest().erasureDueAt()));
        }
        if (profile.inactivityErasureAt() != null) {
            return new RetentionEvent(RetentionRule.INACTIVE, seconds(profile.inactivityErasureAt()));
        }
        return new RetentionEvent(RetentionRule.INACTIVITY_WARNING,
                seconds(inactiveFrom(profile.lastActiveAt()).minus(warningLead)));
    }

    /**
     * The erasure date a warning sent {@code now} gives: the end of the inactivity period, but never
     * sooner than the warning lead after the warning, so every learner has the full time to answer.
     */
    public Instant erasureDateOfWarning(Instant lastActiveAt, Instant now) {
        Instant inactive = inactiveFrom(lastActiveAt);
        Instant earliest = now.plus(warningLead);
        return seconds(inactive.isAfter(earliest) ? inactive : earliest);
    }

    private Instant inactiveFrom(Instant lastActiveAt) {
        // Months are calendar months in the centre's time zone.
        return VietnamTime.after(lastActiveAt, inactivityPeriod);
    }

    /** Whole seconds, as the index keeps them: the index and every check agree to the instant. */
    private static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
