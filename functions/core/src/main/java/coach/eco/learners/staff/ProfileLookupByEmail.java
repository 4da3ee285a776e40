package coach.eco.learners.staff;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.EmailLookup;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.refusal.Refusal;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Optional;

/**
 * Staff find the profile behind an email (a letter names a learner by address; a hold needs the
 * profile id). Every lookup is counted against the role's hourly limit and audited with the staff
 * member's role and session, under the profile found or, when none is, under staff access.
 */
@Singleton
public class ProfileLookupByEmail {

    /** What staff learn: the profile's id, nothing of its content. */
    @Serdeable
    public record Found(String profileId) {
    }

    private final EmailLookupKeys emailKeys;
    private final ProfileStore profiles;
    private final AuditLog audit;
    private final Transactions transactions;
    private final StaffAccess staffAccess;
    private final Clock clock;

    public ProfileLookupByEmail(EmailLookupKeys emailKeys, ProfileStore profiles, AuditLog audit,
                                Transactions transactions, StaffAccess staffAccess, Clock clock) {
        this.staffAccess = staffAccess;
        this.emailKeys = emailKeys;
        this.profiles = profiles;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Found find(EmailAddress email, StaffCaller staff, String route) {
        staffAccess.countLookup(staff, route);
        Optional<EmailLookup> owner = profiles.findOwner(emailKeys.lookupKeyOf(email), clock.instant());
        if (owner.isEmpty()) {
            staffAccess.auditWithoutProfile(AuditEvent.PROFILE_LOOKUP_MISSED, staff, route);
            throw Refusal.NO_SUCH_PROFILE.refused();
        }
        transactions.write(Writes.of(audit.record(owner.get().profileId(), AuditEvent.PROFILE_LOOKED_UP,
                staff.auditFacts())));
        return new Found(owner.get().profileId());
    }
}
