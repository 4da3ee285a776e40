package coach.eco.learners.desk;

import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.deletion.DeletionInForce;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileEdit;
import coach.eco.learners.profile.ProfileService;
import coach.eco.learners.profile.ProfileView;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.staff.StaffCaller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Pattern;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries out a request through the service the website's own route uses, then closes it as done (the
 * requester is mailed): an access request ends in the learner's copy that {@code GET /v1/profiles/me/export}
 * gives, a correction in the profile update, a deletion or a restriction in the deletion request (erased by
 * the hourly purge within 72 hours), a withdrawal of consent or an objection in the newsletter turned off, an
 * unauthorised profile in staff's decision. Each service is idempotent enough for a retry after a failed
 * close: a request in force is the answer, a consent already off stays off.
 */
@Singleton
public class RequestActions {

    /** What staff send to act: a correction's new name or phone; an unauthorised profile's decision. */
    @Serdeable
    public record Action(@Nullable String fullName, @Nullable String phone,
                         @Nullable @Pattern(regexp = "erase|restore", message = "invalid-choice")
                         String decision) {
    }

    /** The request done, and for an access request the learner's copy, for staff to hand over. */
    @Serdeable
    public record Outcome(RequestView request, @Nullable ProfileView copy) {
    }

    private final PrivacyRequests requests;
    private final LearnerCopy copies;
    private final ProfileService profiles;
    private final DeletionInForce deletions;
    private final UnauthorisedProfiles unauthorised;
    private final Clock clock;

    public RequestActions(PrivacyRequests requests, LearnerCopy copies, ProfileService profiles,
                          DeletionInForce deletions, UnauthorisedProfiles unauthorised, Clock clock) {
        this.requests = requests;
        this.copies = copies;
        this.profiles = profiles;
        this.deletions = deletions;
        this.unauthorised = unauthorised;
        this.clock = clock;
    }

    public Outcome act(String requestId, Action action, StaffCaller staff) {
        PrivacyRequest request = requests.open(requestId);
        boolean decides = request.kind() == RequestKind.UNAUTHORISED_PROFILE;
        if (decides != (action.decision() != null)) {
            throw Refusal.WRONG_REQUEST_KIND.refused();
        }
        if (!request.identityConfirmed()) {
            throw Refusal.IDENTITY_NOT_CONFIRMED.refused();
        }
        if (request.kind() != RequestKind.CORRECTION && (action.fullName() != null || action.phone() != null)) {
            throw Refusal.WRONG_REQUEST_KIND.refused();
        }
        ProfileView copy = null;
        String profileId = request.profileId();
        switch (request.kind()) {
            case ACCESS -> copy = copies.of(profileId);
            case CORRECTION -> edit(profileId, new ProfileEdit(action.fullName(), action.phone(), null, null, null));
            case DELETION -> deletions.request(profileId, DeletionKind.DELETE);
            case RESTRICTION -> deletions.request(profileId, DeletionKind.DEACTIVATE);
            case CONSENT_WITHDRAWAL, OBJECTION -> edit(profileId, new ProfileEdit(null, null, null, false,
                    withdrawn(profiles.read(profileId))));
            case UNAUTHORISED_PROFILE -> unauthorised.decide(request,
                    UnauthorisedProfiles.Decision.valueOf(action.decision().toUpperCase()), staff);
        }
        return new Outcome(requests.done(requestId, staff), copy);
    }

    /** The learner's update, recorded by staff now, over the profile as it stands. */
    private void edit(String profileId, ProfileEdit edit) {
        profiles.edit(profileId, clock.instant(), profiles.read(profileId).version(), edit.validated(),
                PurposeAnswer.Channel.STAFF_CALL, PurposeAnswer.Actor.LEARNER);
    }

    /** A withdrawal of consent: a no to every purpose the learner said yes to, and to news and offers in any case. */
    private static Map<String, Boolean> withdrawn(Profile profile) {
        Map<String, Boolean> answers = new HashMap<>();
        profile.consents().stream().filter(answer -> profile.consentsTo(answer.purposeId()))
                .forEach(answer -> answers.put(answer.purposeId(), false));
        return answers;
    }
}
