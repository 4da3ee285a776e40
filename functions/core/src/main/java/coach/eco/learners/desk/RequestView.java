package coach.eco.learners.desk;

import coach.eco.learners.time.WorkingDays;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * What staff see of a request: its kind, how it came, where it stands, its deadlines and the working days
 * left to the one in force (computed when read), and every step with who took it and why. The learner
 * appears by profile id only; a reporter's details are not shown.
 */
@Serdeable
public record RequestView(String requestId, String reference, String kind, String channel, String status,
                          @Nullable String profileId, Instant receivedAt, boolean processorInvolved,
                          String identityCheck, @Nullable Instant identityConfirmedAt, Instant acknowledgeBy,
                          @Nullable Instant dueAt, @Nullable Instant extendedTo, @Nullable Long workingDaysLeft,
                          List<StepView> steps) {

    @Serdeable
    public record StepView(String step, Instant at, String actor, @Nullable String actorSession,
                           @Nullable String reason) {
    }

    static RequestView of(PrivacyRequest request, WorkingDays workingDays, Instant now) {
        Instant due = request.dueInForce();
        return new RequestView(request.requestId(), RequestMail.reference(request.requestId()),
                request.kind().wireName(), PrivacyRequest.wire(request.channel()),
                PrivacyRequest.wire(request.status()), request.profileId(), request.receivedAt(),
                request.processorInvolved(), PrivacyRequest.wire(request.identity()),
                request.identityConfirmedAt(), request.acknowledgeBy(), request.dueAt(), request.extendedTo(),
                due == null || !request.isOpen() ? null : workingDays.workingDaysLeft(now, due),
                request.steps().stream().map(step -> new StepView(PrivacyRequest.wire(step.kind()),
                        step.at(), step.actor(), step.actorSession(), step.reason())).toList());
    }
}
