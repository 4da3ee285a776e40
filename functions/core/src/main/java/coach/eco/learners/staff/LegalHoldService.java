package coach.eco.learners.staff;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.profile.DeletionRequestView;
import coach.eco.learners.profile.HoldNote;
import coach.eco.learners.profile.LegalHold;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.refusal.Refusal;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Legal holds, placed and lifted by staff: a held profile is never erased, and its deletion
 * request waits until the hold is lifted. Each change is audited with the staff member's role and
 * session; the hold names the role.
 */
@Singleton
public class LegalHoldService {
    private static final Logger LOG = LoggerFactory.getLogger(LegalHoldService.class);
    private static final int TRIES = 3;

    /** What staff see of one profile's holds; no personal data of the learner. */
    @Serdeable
    public record HoldStatus(String profileId, boolean held, List<LegalHold> legalHolds,
                             DeletionRequestView deletionRequest) {
        static HoldStatus of(Profile profile) {
            return new HoldStatus(profile.profileId(), profile.activeLegalHold().isPresent(), profile.legalHolds(),
                    DeletionRequestView.of(profile));
        }
    }

    private final ProfileStore profiles;
    private final AuditLog audit;
    private final Clock clock;

    public LegalHoldService(ProfileStore profiles, AuditLog audit, Clock clock) {
        this.profiles = profiles;
        this.audit = audit;
        this.clock = clock;
    }

    public HoldStatus place(String profileId, HoldNote note, StaffCaller staff) {
        return change(profileId, AuditEvent.LEGAL_HOLD_PLACED, staff, current -> {
            if (current.activeLegalHold().isPresent()) {
                throw Refusal.ALREADY_HELD.refused();
            }
            List<LegalHold> holds = new ArrayList<>(current.legalHolds());
            holds.add(LegalHold.placed(note, staff.roleArn(), clock.instant()));
            return holds;
        });
    }

    public HoldStatus release(String profileId, HoldNote note, StaffCaller staff) {
        return change(profileId, AuditEvent.LEGAL_HOLD_RELEASED, staff, current -> {
            LegalHold active = current.activeLegalHold().orElseThrow(Refusal.NOT_HELD::refused);
            return current.legalHolds().stream()
                    .map(hold -> hold == active ? hold.released(note, staff.roleArn(), clock.instant()) : hold)
                    .toList();
        });
    }

    private HoldStatus change(String profileId, AuditEvent event, StaffCaller staff,
                              Function<Profile, List<LegalHold>> holdsAfter) {
        // A learner's edit can land between the read and the write; then read again.
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Profile current = profiles.find(profileId).orElseThrow(Refusal.NO_SUCH_PROFILE::refused);
            Instant now = clock.instant();
            Profile next = current.withLegalHolds(holdsAfter.apply(current), now);
            if (profiles.replace(current, next, Writes.of(audit.record(profileId, event, staff.auditFacts())))) {
                LOG.info("legal hold changed profileId={} event={}", profileId, event);
                return HoldStatus.of(next);
            }
        }
        throw Refusal.PROFILE_CHANGED.refused();
    }
}
