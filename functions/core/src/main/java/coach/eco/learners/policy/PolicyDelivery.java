package coach.eco.learners.policy;

import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.mail.LinkMail;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Suppressions;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import coach.eco.learners.policy.DeliveryTally.Outcome;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ses.model.SesException;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;


/**
 * The second half of the policy-change mailing: mails one batch of learners, each at most once
 * per version (and, for a consent version, at most one reminder to those who have not answered). Before each send a delivery record is claimed under a condition (absent, or left
 * failed by an earlier try), so a retried batch, a redelivered message or a second run sends
 * nothing twice; a send interrupted between claim and SES is never repeated (at most once).
 */
@Singleton
public class PolicyDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyDelivery.class);
    private static final LinkMails.LinkPage ACCEPT_PAGE =
            new LinkMails.LinkPage(TokenPurpose.ACCEPT_POLICY, "/accept-policy", "acceptLink", null);
    private static final LinkMails.LinkPage REFUSE_PAGE =
            new LinkMails.LinkPage(TokenPurpose.REFUSE_POLICY, "/refuse-policy", "refuseLink", null);

    private final ProfileStore profiles;
    private final PolicyVersionStore versions;
    private final LinkMails mails;
    private final DeliveryRecords records;
    private final PolicyMailConfiguration mailConfig;
    private final SendPace pace;
    private final Suppressions suppressions;
    private final Metrics metrics;
    private final Clock clock;

    public PolicyDelivery(ProfileStore profiles, PolicyVersionStore versions, LinkMails mails,
                          DeliveryRecords records, PolicyMailConfiguration mailConfig, Suppressions suppressions,
                          Metrics metrics, Clock clock) {
        this.suppressions = suppressions;
        this.metrics = metrics;
        this.profiles = profiles;
        this.versions = versions;
        this.mails = mails;
        this.records = records;
        this.mailConfig = mailConfig;
        this.pace = new SendPace(mailConfig.getPolicyMailsPerSecond());
        this.clock = clock;
    }

    /**
     * Mails the batch; returns the learners still to be mailed (SES throttled or refused): the
     * caller hands them back to the queue, which retries them and, in the end, keeps them in its
     * dead-letter queue, counted as failed for staff.
     */
    public List<String> deliver(MailBatch batch) {
        // A message anyone with SendMessage on the queue could write: only an approved version is ever mailed.
        PolicyVersion version = versions.find(batch.versionId()).filter(PolicyVersion::approved).orElse(null);
        if (version == null) {
            LOG.warn("policy mail batch for an unknown or unapproved version versionId={}", batch.versionId());
            return List.of();
        }
        DeliveryTally tally = new DeliveryTally(batch);
        // Two reads for the whole batch: the profiles, and which of their addresses are suppressed.
        Map<String, Profile> reachable = new HashMap<>();
        ProfileStore.ProfilesRead read = profiles.findAll(batch.profileIds());
        read.found().stream().filter(Profile::isConfirmed)
                .forEach(profile -> reachable.put(profile.profileId(), profile));
        // A profile that fails its integrity check is skipped, not retried: no try can read it.
        read.unreadable().forEach(profileId -> parked(profileId, batch.versionId()));
        Set<String> suppressed = suppressions.suppressedAmong(
                reachable.values().stream().map(Profile::emailLookupKey).toList());
        reachable.values().removeIf(profile -> suppressed.contains(profile.emailLookupKey()));
        try {
            for (int i = 0; i < batch.profileIds().size(); i++) {
                Profile profile = reachable.get(batch.profileIds().get(i));
                // The reminder goes only to those who have not answered: silence is not a yes.
                Outcome outcome = profile == null || (batch.reminder() && profile.policyAnswer(version.versionId())
                        .isPresent()) ? Outcome.SKIPPED : mail(version, profile, batch.reminder());
                if (!tally.count(i, outcome)) {
                    break;
                }
            }
        } finally {
            // One counter write per batch, not per email: staff read progress, not a ledger.
            Map<PolicyVersionStore.Counter, Long> counts = tally.counts();
            if (!counts.isEmpty()) {
                versions.add(version.versionId(), counts);
            }
        }
        return tally.left();
    }

    private void parked(String profileId, String versionId) {
        LOG.error("mail parked kind=policy-change profileId={} versionId={} reason=integrity-failure", profileId,
                versionId);
        metrics.count(Metric.MAIL_PARKED);
    }

    private Outcome mail(PolicyVersion version, Profile profile, boolean reminder) {
        String profileId = profile.profileId();
        AttributeValue deliveryKey = LookupTable.policyDeliveryKey(reminder, version.versionId(), profileId);
        Map<String, Object> values = values(version, profile);
        values.put("reminder", reminder);
        LinkMail mail = mails.mail(profile.email(), MailTemplate.POLICY_CHANGE, values);
        if (version.asksForConsent()) {
            Instant expiresAt = version.answerLinksExpireAt(clock.instant(), mailConfig.getPolicyAnswerLinkTtl(),
                    mailConfig.getPolicyAnswerLinkGrace());
            mail.linkPair(ACCEPT_PAGE, REFUSE_PAGE, profileId, version.versionId(),
                    PolicyAnswers.ANSWERED_VERSION.stored(version.versionId()), expiresAt);
        }
        // The answer links' tokens first: if the claim then fails, they are unused and expire.
        mail.saveTokens();
        DeliveryRecords.Claim claim = records.claim(deliveryKey, profileId);
        if (claim == DeliveryRecords.Claim.TAKEN) {
            return Outcome.SKIPPED;
        }
        boolean retry = claim == DeliveryRecords.Claim.RETRY;
        pace.await();
        try {
            mail.send();
        } catch (SdkException e) {
            // SES says "Throttling" (400) when the account's send rate is exceeded.
            boolean throttled = e instanceof SesException ses && ses.isThrottlingException();
            records.failed(deliveryKey);
            LOG.warn("policy mail not sent profileId={} versionId={} throttled={} error={}", profileId,
                    version.versionId(), throttled, e.getClass().getName());
            return throttled ? Outcome.THROTTLED : retry ? Outcome.FAILED_AGAIN : Outcome.FAILED;
        }
        return retry ? Outcome.SENT_AFTER_FAILING : Outcome.SENT;
    }

    private static Map<String, Object> values(PolicyVersion version, Profile profile) {
        Map<String, Object> values = new HashMap<>(Map.of(
                "fullName", profile.fullName().value(),
                "paused", profile.status() == ProfileStatus.DEACTIVATED,
                "versionId", version.versionId(),
                "summaryVi", version.summaryVi(),
                "summaryEn", version.summaryEn(),
                "policyUrl", version.policyUrl(),
                "consent", version.asksForConsent()));
        values.putAll(VietnamTime.date("effectiveDate", version.effectiveDate()));
        return values;
    }
}
