package coach.eco.learners.policy;

import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.mail.LinkMail;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Suppressions;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import coach.eco.learners.policy.DeliveryTally.Outcome;
import coach.eco.learners.profile.Guardian;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.TokenPurpose;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ses.model.SesException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;


/**
 * The second half of the policy-change mailing: mails one batch of learners, each at most once
 * per version (and, for a consent version, at most one reminder to those who have not answered), and the
 * guardian acting for a learner under 16 a mail of their own about the child's profile, with answer links that
 * record the guardian's answer. Before each send a delivery record is claimed under a condition (absent, or left
 * failed by an earlier try), one for the learner's mail and one for the guardian's, so a retried batch, a
 * redelivered message or a second run sends neither twice; a send interrupted between claim and SES is never
 * repeated (at most once).
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
        // The guardians who act are those of the year the batch is sent in, Vietnam time, read once.
        int year = VietnamTime.yearOf(clock.instant());
        // Two reads for the whole batch: the profiles, and which of their addresses (a guardian's included,
        // by its own lookup key) are suppressed.
        Map<String, Profile> reachable = new HashMap<>();
        ProfileStore.ProfilesRead read = profiles.findAll(batch.profileIds());
        read.found().stream().filter(Profile::isConfirmed)
                .forEach(profile -> reachable.put(profile.profileId(), profile));
        // A profile that fails its integrity check is skipped, not retried: no try can read it.
        read.unreadable().forEach(profileId -> parked(profileId, batch.versionId()));
        List<String> addresses = new ArrayList<>();
        reachable.values().forEach(profile -> {
            addresses.add(profile.emailLookupKey());
            actingGuardian(profile, year).ifPresent(guardian -> addresses.add(guardian.lookupKey()));
        });
        Set<String> suppressed = suppressions.suppressedAmong(addresses);
        try {
            for (int i = 0; i < batch.profileIds().size(); i++) {
                Profile profile = reachable.get(batch.profileIds().get(i));
                Outcome toLearner = profile != null && due(profile, PurposeAnswer.Actor.LEARNER,
                        profile.emailLookupKey(), suppressed, version, batch.reminder())
                        ? mail(version, profile, null, batch.reminder()) : Outcome.SKIPPED;
                if (!tally.count(i, PurposeAnswer.Actor.LEARNER, toLearner)) {
                    break;
                }
                Guardian guardian = profile == null ? null : actingGuardian(profile, year).orElse(null);
                if (guardian == null) {
                    continue;
                }
                // After the learner's mail, under a record of its own: a batch cut off in between mails only the
                // guardian on its next try.
                Outcome toGuardian = due(profile, PurposeAnswer.Actor.GUARDIAN, guardian.lookupKey(), suppressed,
                        version, batch.reminder())
                        ? mail(version, profile, guardian, batch.reminder()) : Outcome.SKIPPED;
                if (!tally.count(i, PurposeAnswer.Actor.GUARDIAN, toGuardian)) {
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

    /** The guardian who acts for the learner in {@code year}, if any: they consented, and the learner is a child. */
    private static Optional<Guardian> actingGuardian(Profile profile, int year) {
        return Optional.ofNullable(profile.guardian()).filter(guardian -> guardian.actsIn(year));
    }

    /**
     * Whether the mail to {@code recipient} is to go: their address is not suppressed, and, for the reminder,
     * they have not answered themselves (silence is not a yes).
     */
    private static boolean due(Profile profile, PurposeAnswer.Actor recipient, String lookupKey,
                               Set<String> suppressed, PolicyVersion version, boolean reminder) {
        return !suppressed.contains(lookupKey)
                && !(reminder && profile.policyAnswerBy(version.versionId(), recipient).isPresent());
    }

    /** Mails the learner, or, if {@code guardian} is not null, the guardian about the learner's profile. */
    private Outcome mail(PolicyVersion version, Profile profile, @Nullable Guardian guardian, boolean reminder) {
        String profileId = profile.profileId();
        PurposeAnswer.Actor recipient = guardian == null ? PurposeAnswer.Actor.LEARNER : PurposeAnswer.Actor.GUARDIAN;
        AttributeValue deliveryKey = guardian == null
                ? LookupTable.policyDeliveryKey(reminder, version.versionId(), profileId)
                : LookupTable.guardianPolicyDeliveryKey(reminder, version.versionId(), profileId);
        Map<String, Object> values = values(version, profile);
        values.put("reminder", reminder);
        values.put("guardian", guardian != null);
        LinkMail mail = mails.mail(guardian == null ? profile.email() : guardian.email(), MailTemplate.POLICY_CHANGE,
                values);
        if (version.asksForConsent()) {
            Instant expiresAt = version.answerLinksExpireAt(clock.instant(), mailConfig.getPolicyAnswerLinkTtl(),
                    mailConfig.getPolicyAnswerLinkGrace());
            mail.linkPair(ACCEPT_PAGE, REFUSE_PAGE, profileId, version.versionId(), PolicyAnswers.ANSWERED_VERSION
                    .stored(new PolicyAnswers.AnswerFor(version.versionId(), recipient)), expiresAt);
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
            LOG.warn("policy mail not sent profileId={} recipient={} versionId={} throttled={} error={}", profileId,
                    recipient.wireName(), version.versionId(), throttled, e.getClass().getName());
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
