package coach.eco.learners.policy;

import coach.eco.learners.profile.RetentionStore;
import coach.eco.learners.time.VietnamTime;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The first half of the policy-change mailing: reads the confirmed learners' ids page by page
 * (plain attributes only: nothing is decrypted, no KMS call) and queues them in batches for the
 * sender. Run again for the same version, it queues everyone again; the sender skips whoever was
 * mailed already. The daily reminder run does the same for each consent version whose reminder
 * day has come; the sender skips whoever answered.
 */
@Singleton
public class PolicyFanOut {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyFanOut.class);

    /** What one run queued. */
    public record Report(String versionId, long learnersQueued, long messages) {
    }

    private final RetentionStore learners;
    private final MailQueue queue;
    private final PolicyVersionStore versions;
    private final Duration reminderLead;
    private final Clock clock;

    public PolicyFanOut(RetentionStore learners, MailQueue queue, PolicyVersionStore versions,
                        PolicyMailConfiguration mailConfig, Clock clock) {
        this.learners = learners;
        this.queue = queue;
        this.versions = versions;
        this.reminderLead = mailConfig.getPolicyReminderLead();
        this.clock = clock;
    }

    public Report run(String versionId) {
        if (versions.find(versionId).filter(PolicyVersion::approved).isEmpty()) {
            // An event anyone in the account could emit: only an approved version is ever mailed.
            LOG.warn("policy fan-out for an unknown or unapproved version versionId={}", versionId);
            return new Report(versionId, 0, 0);
        }
        return queueEveryone(versionId, false);
    }

    /**
     * Queues the reminder of every consent version whose reminder day has come and which is not
     * in force yet. A version counts as reminded once all its learners are queued, so a run cut
     * short is done again by the next one (the sender never mails anyone twice).
     */
    public List<Report> remindDue() {
        LocalDate today = VietnamTime.today(clock);
        List<Report> reports = new ArrayList<>();
        for (PolicyVersion version : versions.awaitingReminder()) {
            LocalDate remindOn = version.reminderDate(reminderLead);
            if (!today.isBefore(remindOn) && today.isBefore(version.effectiveDate())) {
                reports.add(queueEveryone(version.versionId(), true));
            }
        }
        return reports;
    }

    private Report queueEveryone(String versionId, boolean reminder) {
        BatchQueue batches = new BatchQueue(versionId, reminder, queue::send);
        learners.confirmedProfileIds().forEach(batches::add);
        batches.finish();
        versions.setQueued(versionId, reminder, batches.learners());
        LOG.info("policy mailing queued versionId={} reminder={} learners={} messages={}", versionId, reminder,
                batches.learners(), batches.messages());
        return new Report(versionId, batches.learners(), batches.messages());
    }
}
