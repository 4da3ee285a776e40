package coach.eco.learners.desk;

import coach.eco.learners.refusal.Characters;
import coach.eco.learners.refusal.HasText;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.staff.StaffCaller;
import coach.eco.learners.token.LookupItemsOfProfile;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Profiles made with someone's details without their permission (policy, section V: removed on
 * request). A report suspends the profile at once, in the transaction that records it: no sign-in
 * (every session ends, and the email's lookup item no longer leads to a confirmed learner), no mail, out
 * of the newsletter and the policy mailing. Staff then restore it, or decide its erasure, which the hourly
 * purge carries out under the rule "unauthorised", named in the erasure record. The reporter is told, in
 * the same words whatever was found, that the report was received and then that it was handled.
 */
@Singleton
public class UnauthorisedProfiles {
    private static final Logger LOG = LoggerFactory.getLogger(UnauthorisedProfiles.class);

    /** A report staff took: the profile, how it came, and where to tell the reporter the outcome. */
    @Serdeable
    public record StaffReport(
            @NotBlank(message = "is required")
            @Pattern(regexp = Forms.PROFILE_ID, message = "must be a profile id (UUID)")
            String profileId,
            @NotBlank(message = "is required")
            @Pattern(regexp = "phone|post|in-person|email", message = "must be phone, post, in-person or email")
            String channel,
            @HasText(message = "is required")
            @Characters(max = 200, message = "must be at most 200 characters")
            @Pattern(regexp = Forms.PLAIN_TEXT, message = "must not contain control characters")
            String reporterName,
            @NotBlank(message = "is required")
            String reporterEmail,
            @Nullable
            @Characters(max = 2000, message = "must be at most 2000 characters")
            @Pattern(regexp = Forms.PLAIN_TEXT, message = "must not contain control characters")
            String note) {
    }

    /** Staff's decision on a report. */
    public enum Decision { ERASE, RESTORE }

    private final ProfileStore profiles;
    private final LookupItemsOfProfile lookupItems;
    private final PrivacyRequests requests;
    private final DeadlineRules rules;
    private final Clock clock;

    public UnauthorisedProfiles(ProfileStore profiles, LookupItemsOfProfile lookupItems, PrivacyRequests requests,
                                DeadlineRules rules, Clock clock) {
        this.profiles = profiles;
        this.lookupItems = lookupItems;
        this.requests = requests;
        this.rules = rules;
        this.clock = clock;
    }

    /** A report taken by staff, naming the profile: suspended at once, the reporter told it was received. */
    public RequestView reportedToStaff(StaffReport report, StaffCaller staff) {
        EmailAddress reporter = EmailAddress.parseField("reporterEmail", report.reporterEmail());
        Profile profile = profiles.find(report.profileId()).filter(Profile::isConfirmed)
                .orElseThrow(Refusal.NO_SUCH_PROFILE::refused);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        PrivacyRequest request = new PrivacyRequest(UUID.randomUUID().toString(), RequestKind.UNAUTHORISED_PROFILE,
                PrivacyRequest.Channel.valueOf(report.channel().replace('-', '_').toUpperCase()), profile.profileId(),
                now, false, PrivacyRequest.Identity.NONE, null, rules.acknowledgeBy(now),
                rules.dueBy(RequestKind.UNAUTHORISED_PROFILE, false, now, null).orElseThrow(), null,
                List.of(PrivacyRequests.staffStep(PrivacyRequest.StepKind.RECEIVED, now, staff, null),
                        PrivacyRequests.staffStep(PrivacyRequest.StepKind.PROFILE_SUSPENDED, now, staff, null),
                        PrivacyRequests.staffStep(PrivacyRequest.StepKind.ACKNOWLEDGED, now, staff, null)),
                report.note(), new PrivacyRequest.Reporter(report.reporterName(), reporter.value()), 1);
        // Two tries: the learner may change the profile between the read and the suspension.
        for (int attempt = 0; attempt < 2; attempt++) {
            Profile current = attempt == 0 ? profile : profiles.find(profile.profileId()).filter(Profile::isConfirmed)
                    .orElseThrow(Refusal.NO_SUCH_PROFILE::refused);
            Writes writes = requests.entered(request, Writes.of(
                    requests.auditRecord(request, AuditEvent.PROFILE_SUSPENDED, staff.auditFacts())));
            lookupItems.endSessions(current.profileId(), writes);
            if (profiles.replaceWithLookup(current, current.suspended(now), writes)) {
                requests.committed(request);
                LOG.info("unauthorised profile reported and suspended requestId={} profileId={}",
                        request.requestId(), profile.profileId());
                return requests.view(request);
            }
        }
        throw Refusal.PROFILE_CHANGED.refused();
    }

    /** Staff's decision on a report: erasure by the purge, or the profile restored. */
    void decide(PrivacyRequest request, Decision decision, StaffCaller staff) {
        String profileId = request.profileId();
        for (int attempt = 0; attempt < 3; attempt++) {
            Profile current = profiles.find(profileId).orElse(null);
            if (current == null || current.status() != ProfileStatus.SUSPENDED) {
                return;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Profile next = decision == Decision.ERASE ? current.dueForUnauthorisedErasure(now) : current.restored(now);
            AuditEvent event = decision == Decision.ERASE
                    ? AuditEvent.UNAUTHORISED_PROFILE_ERASURE_DECIDED : AuditEvent.PROFILE_RESTORED;
            if (profiles.replaceWithLookup(current, next, Writes.of(requests.auditRecord(request, event,
                    staff.auditFacts())))) {
                LOG.info("unauthorised profile decided profileId={} decision={}", profileId, decision);
                return;
            }
        }
        throw Refusal.PROFILE_CHANGED.refused();
    }
}
