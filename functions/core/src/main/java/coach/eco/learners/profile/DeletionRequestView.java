package coach.eco.learners.profile;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A deletion or deactivation request as the learner sees it. A legal hold shows only as the fact
 * that the request waits: its reason is for staff.
 */
@Serdeable
public record DeletionRequestView(String kind, Instant requestedAt, @Nullable Instant erasureDueAt,
                                  boolean onLegalHold) {

    @Nullable
    public static DeletionRequestView of(Profile profile) {
        DeletionRequest request = profile.deletionRequest();
        if (request == null) {
            return null;
        }
        return new DeletionRequestView(request.kind().wireName(), request.requestedAt(), request.erasureDueAt(),
                profile.activeLegalHold().isPresent());
    }
}
