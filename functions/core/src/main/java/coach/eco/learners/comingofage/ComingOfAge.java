package coach.eco.learners.comingofage;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.IntegrityFailure;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.profile.RetentionStore;
import coach.eco.learners.time.VietnamTime;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The daily coming-of-age run: each learner under 16 at signup (the ByGuardian index holds no one else) who is no
 * longer a child this year, Vietnam time, is mailed once that they are now in charge of their data. The profile is
 * marked mailed in one transaction with the mail's outbox entry, which also takes it out of the index: a second
 * run finds nothing to do, and a fault after the commit leaves the mail to the outbox, never to a second send.
 */
@Singleton
public class ComingOfAge {
    private static final Logger LOG = LoggerFactory.getLogger(ComingOfAge.class);

    /** What a run did: how many learners it mailed, and the profiles it could not handle (tried again next run). */
    @Serdeable
    public record Report(int mailed, List<String> failed) {
    }

    private final RetentionStore index;
    private final ProfileStore profiles;
    private final ComingOfAgeMail mail;
    private final AuditLog audit;
    private final Clock clock;

    public ComingOfAge(RetentionStore index, ProfileStore profiles, ComingOfAgeMail mail, AuditLog audit,
                       Clock clock) {
        this.index = index;
        this.profiles = profiles;
        this.mail = mail;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Mails every learner whose time has come and who was not mailed yet. Each profile fails alone: what one meets,
     * the run goes on to the others. A run with failures throws at its end, after every other learner was handled,
     * so that it is retried and alarmed on; the profiles' ids are logged.
     */
    public Report run() {
        Instant now = clock.instant();
        int year = VietnamTime.yearOf(now);
        int mailed = 0;
        List<String> failed = new ArrayList<>();
        for (String profileId : index.guardedProfileIds()) {
            try {
                if (mailed(profileId, now, year)) {
                    mailed++;
                }
            } catch (SdkException | IntegrityFailure e) {
                LOG.warn("coming of age not handled profileId={} error={}", profileId, e.getClass().getName());
                failed.add(profileId);
            }
        }
        LOG.info("coming of age run mailed={} failed={}", mailed, failed.size());
        if (!failed.isEmpty()) {
            throw new IllegalStateException("coming of age run: " + failed.size() + " profiles failed " + failed);
        }
        return new Report(mailed, failed);
    }

    /** Marks and mails one learner if their time has come; false if not, or if the profile changed meanwhile. */
    private boolean mailed(String profileId, Instant now, int year) {
        Optional<Profile> due = profiles.find(profileId).filter(Profile::isConfirmed)
                .filter(profile -> profile.guardian() != null && profile.guardian().takeOverMailDueIn(year));
        if (due.isEmpty()) {
            return false;
        }
        Profile marked = due.get().withComingOfAgeMailed(now);
        if (!profiles.replace(due.get(), marked, Writes.of(audit.record(profileId, AuditEvent.COMING_OF_AGE_MAILED),
                mail.outboxEntry(profileId, marked)))) {
            // Changed since it was read (the learner edited it, say): the next run finds it again.
            LOG.info("coming of age deferred, profile changed profileId={}", profileId);
            return false;
        }
        // Committed: the mail follows, now or from the outbox.
        mail.deliverNow(profileId, marked);
        LOG.info("coming of age mailed profileId={}", profileId);
        return true;
    }
}
