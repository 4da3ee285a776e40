package coach.eco.learners.purge;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.profile.DueErasure;
import coach.eco.learners.profile.RetentionRule;
import coach.eco.learners.profile.RetentionStore;
import coach.eco.learners.token.LookupItemsOfProfile;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Erases one profile that is due, under any erasure rule (requested, inactive, unverified): the
 * profile, its email lookup item, its tokens and sessions, in one transaction with a PII-free
 * erasure record naming the rule. The transaction's conditions make a racing cancel, sign-in or
 * legal hold and the erasure exclusive: if the profile changed since it was read as due, nothing is
 * erased. Reads only plain attributes, so it never decrypts (nor needs to).
 */
@Singleton
public class ErasureService {
    private static final Logger LOG = LoggerFactory.getLogger(ErasureService.class);

    private final RetentionStore store;
    private final LookupItemsOfProfile lookupItems;
    private final AuditLog audit;
    private final Clock clock;

    public ErasureService(RetentionStore store, LookupItemsOfProfile lookupItems, AuditLog audit, Clock clock) {
        this.store = store;
        this.lookupItems = lookupItems;
        this.audit = audit;
        this.clock = clock;
    }

    /** Erases the profile if it is due now; false if it is not (or no longer) due, held, or gone. */
    public boolean erase(String profileId) {
        return due(profileId).map(this::carryOut).orElse(false);
    }

    /** The erasure the profile is due for now, read consistently; empty if none, or if it is held. */
    public Optional<DueErasure> due(String profileId) {
        return store.find(profileId).filter(due -> !due.held() && due.isDue(clock.instant()));
    }

    /**
     * Erases what was read as due; false, having erased nothing, if the profile changed since (its
     * version, rule or due date) or is held now.
     */
    public boolean carryOut(DueErasure erasure) {
        String profileId = erasure.profileId();
        Writes writes = Writes.of(audit.record(profileId, AuditEvent.PROFILE_ERASED,
                Map.of("rule", erasure.rule().wireName(), "erasureDueAt", erasure.dueAt().toString(),
                        ErasureLedger.MARK, ErasureLedger.ERASED)));
        // Only the address this profile still owns: a lapsed signup's address may be someone else's now.
        lookupItems.eraseAll(profileId,
                erasure.rule() == RetentionRule.UNVERIFIED ? null : erasure.emailLookupKey(), writes);
        if (!store.erase(erasure, writes)) {
            LOG.info("erasure skipped, the profile changed since it was read profileId={}", profileId);
            return false;
        }
        LOG.info("profile erased profileId={} rule={}", profileId, erasure.rule().wireName());
        return true;
    }
}
