package coach.eco.learners.desk;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One data-subject request in the register: what it asks, how it came, whose it is, its deadlines
 * (from the rule table when it was recorded; an extension moves the due date once) and every step
 * with its time and the staff member who took it. Staff's notes and reasons, the document checked
 * and an unauthorised profile's reporter are its personal part, encrypted.
 */
public record PrivacyRequest(String requestId, RequestKind kind, Channel channel, @Nullable String profileId,
                             Instant receivedAt, boolean processorInvolved, Identity identity,
                             @Nullable Instant identityConfirmedAt, Instant acknowledgeBy, @Nullable Instant dueAt,
                             @Nullable Instant extendedTo, List<Step> steps, @Nullable String note,
                             @Nullable Reporter reporter, long version) {

    public PrivacyRequest {
        steps = List.copyOf(steps);
    }

    /** How the request reached the centre. */
    public enum Channel { PHONE, POST, IN_PERSON, EMAIL, WEB_FORM }

    /** How the requester shows it is their own data: a link mailed to the registered address, a document staff
     *  saw (recorded as a check, never a copy), or nothing to show (an unauthorised profile's reporter). */
    public enum Identity { EMAIL_LINK, DOCUMENT, NONE }

    /** Where a request stands; {@code DONE} and {@code REFUSED} end it. */
    public enum Status { RECEIVED, ACKNOWLEDGED, IN_PROGRESS, EXTENDED, DONE, REFUSED }

    /** A step and the status it leaves; the learner is mailed at the mailed ones. */
    public enum StepKind {
        RECEIVED(Status.RECEIVED, false),
        ACKNOWLEDGED(Status.ACKNOWLEDGED, true),
        IDENTITY_CONFIRMED(Status.IN_PROGRESS, false),
        PROFILE_SUSPENDED(null, false),
        EXTENDED(Status.EXTENDED, true),
        REFUSED(Status.REFUSED, true),
        DONE(Status.DONE, true);

        @Nullable
        private final Status leaves;
        private final boolean mailed;

        StepKind(@Nullable Status leaves, boolean mailed) {
            this.leaves = leaves;
            this.mailed = mailed;
        }

        public boolean mailed() {
            return mailed;
        }
    }

    /** A step: when, by whom (the staff role and session, or "learner" for the requester's own link), why. */
    public record Step(StepKind kind, Instant at, String actor, @Nullable String actorSession, @Nullable String reason) {
    }

    /** The person who reported an unauthorised profile: how to tell them the outcome. Encrypted. */
    @Serdeable
    public record Reporter(String fullName, String email) {
    }

    /** A state, kind or channel as the routes and the report write it: lower case, words joined by hyphens. */
    public static String wire(Enum<?> value) {
        return value.name().toLowerCase().replace('_', '-');
    }

    /** The actor of a step the requester took (following the identity link). */
    public static final String LEARNER = "learner";

    public Status status() {
        Status status = Status.RECEIVED;
        for (Step step : steps) {
            if (step.kind().leaves != null) {
                status = step.kind().leaves;
            }
        }
        return status;
    }

    public boolean isOpen() {
        return status() != Status.DONE && status() != Status.REFUSED;
    }

    public boolean identityConfirmed() {
        return identityConfirmedAt != null || identity == Identity.NONE;
    }

    public boolean extended() {
        return extendedTo != null;
    }

    /** The due date in force: the extension's, or the rule's. */
    @Nullable
    public Instant dueInForce() {
        return extendedTo != null ? extendedTo : dueAt;
    }

    /** The index of the latest step the requester is mailed at; -1 if none. */
    public int lastMailedStep() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).kind().mailed()) {
                return i;
            }
        }
        return -1;
    }

    PrivacyRequest withStep(Step step) {
        List<Step> longer = new ArrayList<>(steps);
        longer.add(step);
        return new PrivacyRequest(requestId, kind, channel, profileId, receivedAt, processorInvolved, identity,
                identityConfirmedAt, acknowledgeBy, dueAt, extendedTo, longer, note, reporter, version + 1);
    }

    PrivacyRequest confirmed(Instant at, @Nullable Instant due, Step step) {
        return new PrivacyRequest(requestId, kind, channel, profileId, receivedAt, processorInvolved, identity, at,
                acknowledgeBy, due, extendedTo, steps, note, reporter, version).withStep(step);
    }

    PrivacyRequest extendedTo(Instant until, Step step) {
        return new PrivacyRequest(requestId, kind, channel, profileId, receivedAt, processorInvolved, identity,
                identityConfirmedAt, acknowledgeBy, dueAt, until, steps, note, reporter, version).withStep(step);
    }
}
