package coach.eco.learners.profile;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.http.InvalidRequestException;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;

/**
 * Staff find the profile behind an email (a letter names a learner by address; a hold needs the
 * profile id). Every lookup that finds a profile is audited with the staff member's identity.
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
    private final Clock clock;

    public ProfileLookupByEmail(EmailLookupKeys emailKeys, ProfileStore profiles, AuditLog audit,
                                Transactions transactions, Clock clock) {
        this.emailKeys = emailKeys;
        this.profiles = profiles;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Found find(EmailAddress email, String staff) {
        EmailLookup owner = profiles.findOwner(emailKeys.lookupKeyOf(email), clock.instant())
                .orElseThrow(() -> InvalidRequestException.of(404, "not-found", "No such profile",
                        "No profile has this email."));
        transactions.write(audit.record(owner.profileId(), AuditEvent.PROFILE_LOOKED_UP, Map.of("actor", staff)));
        return new Found(owner.profileId());
    }
}
