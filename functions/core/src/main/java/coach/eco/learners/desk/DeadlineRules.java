package coach.eco.learners.desk;

import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.time.WorkingDays;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The deadlines of the privacy desk, in one place (docs/privacy.md lists the same table beside the
 * law it follows). Working days are Vietnam's ({@link WorkingDays}); "days" are calendar days, never
 * fewer than the law's.
 *
 * <table>
 * <tr><th>request</th><th>tell how it will be handled</th><th>carry it out</th><th>one extension</th></tr>
 * <tr><td>withdrawal of consent, restriction, objection</td><td>2 working days (Decree 356)</td>
 *     <td>15 days from receipt, 20 where a processor is involved (Decree 356)</td><td>at most 15 days, with its reason</td></tr>
 * <tr><td>access and copy, correction</td><td>2 working days</td><td>30 days from receipt (policy, section V)</td>
 *     <td>at most 15 days, with its reason</td></tr>
 * <tr><td>deletion</td><td>2 working days</td><td>72 hours from the identity's confirmation (this system's promise)</td>
 *     <td>none: the promise has no extension</td></tr>
 * <tr><td>unauthorised profile</td><td>2 working days (suspended at once)</td><td>15 days from receipt, as an objection</td>
 *     <td>at most 15 days, with its reason</td></tr>
 * <tr><td>breach</td><td colspan="3">notice to the authority within 72 hours of detection (Law 91/2025/QH15)</td></tr>
 * </table>
 */
@Singleton
public class DeadlineRules {
    /** When a request's completion clock starts. */
    public enum From { RECEIPT, IDENTITY_CONFIRMED }

    /** How long a kind of request may take to carry out, from when, and whether it may be extended. */
    public record Completion(From from, @Nullable Integer days, @Nullable Duration within, boolean extendable) {
    }

    private final DeskConfiguration config;
    private final WorkingDays workingDays;

    @Inject
    public DeadlineRules(DeskConfiguration config) {
        this(config, WorkingDays.vietnam());
    }

    public DeadlineRules(DeskConfiguration config, WorkingDays workingDays) {
        this.config = config;
        this.workingDays = workingDays;
    }

    public WorkingDays workingDays() {
        return workingDays;
    }

    /** The rule of {@code kind}'s completion; {@code processorInvolved} lengthens the law's 15 days to 20. */
    public Completion completion(RequestKind kind, boolean processorInvolved) {
        return switch (kind) {
            case CONSENT_WITHDRAWAL, RESTRICTION, OBJECTION, UNAUTHORISED_PROFILE -> new Completion(From.RECEIPT,
                    processorInvolved ? config.getRequestRestrictionWithProcessorDays() : config.getRequestRestrictionDays(),
                    null, true);
            case ACCESS, CORRECTION -> new Completion(From.RECEIPT, config.getRequestAnswerDays(), null, true);
            case DELETION -> new Completion(From.IDENTITY_CONFIRMED, null, config.getRequestErasureWithin(), false);
        };
    }

    /** By when the person must be told how the request will be handled. */
    public Instant acknowledgeBy(Instant receivedAt) {
        return workingDays.endOfWorkingDayAfter(receivedAt, config.getRequestAcknowledgementWorkingDays());
    }

    /**
     * By when the request must be carried out, received at {@code receivedAt} and its identity confirmed at
     * {@code confirmedAt} (null: not yet); empty while its clock has not started.
     */
    public Optional<Instant> dueBy(RequestKind kind, boolean processorInvolved, Instant receivedAt,
                                   @Nullable Instant confirmedAt) {
        Completion rule = completion(kind, processorInvolved);
        Instant start = rule.from() == From.RECEIPT ? receivedAt : confirmedAt;
        if (start == null) {
            return Optional.empty();
        }
        return Optional.of(rule.days() != null ? start.plus(Duration.ofDays(rule.days())) : start.plus(rule.within()));
    }

    /** The policy's outer bound on any answer (section V: 30 days), for a request whose own clock waits. */
    public Instant answerBy(Instant receivedAt) {
        return receivedAt.plus(Duration.ofDays(config.getRequestAnswerDays()));
    }

    /** The most an extension may add to a due date. */
    public Duration longestExtension() {
        return Duration.ofDays(config.getRequestExtensionMaxDays());
    }

    /** By when a breach detected at {@code detectedAt} must be notified to the authority. */
    public Instant authorityNoticeBy(Instant detectedAt) {
        return detectedAt.plus(config.getBreachAuthorityNoticeWithin());
    }

    /**
     * The instant before which a deadline counts as near: the same time of day, this many working days
     * from today (a Friday's check warns of what is due before Monday's same hour, holidays skipped).
     */
    public Instant warnBefore(Instant now) {
        ZonedDateTime here = now.atZone(VietnamTime.ZONE);
        return workingDays.after(here.toLocalDate(), config.getDeadlineWarningWorkingDays())
                .atTime(here.toLocalTime()).atZone(VietnamTime.ZONE).toInstant();
    }
}
