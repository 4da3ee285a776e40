package coach.eco.learners.purge;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.profile.RetentionEvent;
import coach.eco.learners.profile.RetentionPolicy;
import coach.eco.learners.profile.RetentionRule;
import coach.eco.learners.profile.RetentionStore;
import coach.eco.learners.purge.RetentionQueue.Outcome;
import coach.eco.learners.time.VietnamTime;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One learner's inactivity warning: an email giving the date the profile will be erased, a sign-in
 * link that keeps it and the link to ask for deletion now. The profile is moved to the erase queue, at
 * that date, before the email is sent, and moved back if SES refuses it: a warning that went out is
 * not sent again, and a profile whose warning SES refused is not erased for inactivity (short of a
 * crash or timeout between the move and the send: docs/security.md, known gaps).
 */
@Singleton
public class InactivityWarning {
    private static final Logger LOG = LoggerFactory.getLogger(InactivityWarning.class);

    private final ProfileStore profiles;
    private final RetentionStore store;
    private final RetentionPolicy retention;
    private final LinkMails mails;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Metrics metrics;

    public InactivityWarning(ProfileStore profiles, RetentionStore store, RetentionPolicy retention, LinkMails mails,
                             AuditLog audit, Transactions transactions, Metrics metrics) {
        this.profiles = profiles;
        this.store = store;
        this.retention = retention;
        this.mails = mails;
        this.audit = audit;
        this.transactions = transactions;
        this.metrics = metrics;
    }

    /**
     * Warns one learner: done if sent, failed if the profile changed meanwhile (throws if SES refused),
     * no longer due if the learner was active or the profile is gone.
     */
    Outcome warn(String profileId, Instant now) {
        Optional<Profile> found = profiles.find(profileId);
        if (found.isEmpty()) {
            return Outcome.NO_LONGER_DUE;
        }
        Profile profile = found.get();
        RetentionEvent next = retention.next(profile);
        if (next.rule() != RetentionRule.INACTIVITY_WARNING || next.at().isAfter(now)) {
            return Outcome.NO_LONGER_DUE;
        }
        Instant erasureAt = retention.erasureDateOfWarning(profile.lastActiveAt(), now);
        RetentionEvent erasure = new RetentionEvent(RetentionRule.INACTIVE, erasureAt);
        if (!store.move(profile, next, erasure)) {
            return Outcome.FAILED;
        }
        Map<String, Object> values = new HashMap<>(VietnamTime.dateAndTime("erasureDate", erasureAt));
        values.put("signInUrl", mails.page("/sign-in"));
        values.put("deletionUrl", mails.page("/delete-profile"));
        try {
            mails.mail(profile.email(), MailTemplate.INACTIVITY_WARNING, values).send();
        } catch (SdkException e) {
            metrics.count(Metric.MAIL_NOT_SENT);
            store.move(profile, erasure, next);
            throw e;
        }
        transactions.write(Writes.of(audit.record(profileId, AuditEvent.INACTIVITY_WARNED,
                Map.of("erasureDueAt", erasureAt.toString()))));
        LOG.info("inactivity warning sent profileId={}", profileId);
        return Outcome.DONE;
    }
}
