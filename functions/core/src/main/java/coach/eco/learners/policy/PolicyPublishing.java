package coach.eco.learners.policy;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.staff.StaffCaller;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Staff publish policy versions; anyone reads their public part. A second publisher's approval
 * emits the event that starts the policy-change mailing; staff can emit it again for an approved
 * version (the mailing skips every learner already mailed). A version links only to the website's own pages, and every
 * publication and announcement is audited with the staff member's role and session.
 */
@Singleton
public class PolicyPublishing {
    /** The EventBridge event a publication emits; template.yaml's rule matches these. */
    public static final String EVENT_SOURCE = "learner-profiles.policy";
    public static final String EVENT_DETAIL_TYPE = "Policy version published";
    private static final Pattern VERSION_ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.-]{0,39}");
    private static final Logger LOG = LoggerFactory.getLogger(PolicyPublishing.class);

    private final PolicyVersionStore versions;
    private final EventBridgeClient events;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;
    /** The website's origins, as "https://host:port": a policy's link must be on one of them. */
    private final Set<String> websiteOrigins;

    public PolicyPublishing(PolicyVersionStore versions, EventBridgeClient events, AuditLog audit,
                            Transactions transactions, LearnerConfiguration config, Clock clock) {
        this.versions = versions;
        this.events = events;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.websiteOrigins = Arrays.stream(Optional.ofNullable(config.getWebsiteOrigins())
                        .orElse(config.getWebsiteOrigin().toString()).split(","))
                .map(String::strip).filter(origin -> !origin.isEmpty())
                .map(origin -> originOf(URI.create(origin))).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Publishes the draft as {@code staff}, audited in the same transaction; refuses, all at once, the draft's
     * own field errors and a link off the website's origins. The version is neither in force nor mailed until
     * another publisher approves it ({@link #approve}).
     */
    public PolicyVersionView publish(PolicyDraft draft, StaffCaller staff, String route) {
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>(draft.fieldErrorsAt(now));
        errors.addAll(linkErrors(draft));
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
        PolicyVersion version = draft.publishedBy(staff.roleArn(), now);
        if (!versions.publish(version, staff.sessionName(), auditRecord(AuditEvent.POLICY_VERSION_PUBLISHED,
                version.versionId(), staff, route))) {
            throw Refusal.VERSION_EXISTS.refused();
        }
        LOG.info("policy version published versionId={} kind={}", version.versionId(), version.kind());
        return PolicyVersionView.forStaff(version, versions.counts(version.versionId()));
    }

    /**
     * A second publisher's approval, in a session other than the publisher's: the version comes into force and is
     * announced (the mailing starts). One stolen session can publish, but cannot mail every learner alone.
     */
    public PolicyVersionView approve(String versionId, StaffCaller staff, String route) {
        existing(versionId);
        switch (versions.approve(versionId, staff.roleArn(), staff.sessionName(), clock.instant(),
                auditRecord(AuditEvent.POLICY_VERSION_APPROVED, versionId, staff, route))) {
            case ALREADY_APPROVED -> throw Refusal.ALREADY_APPROVED.refused();
            case OWN_PUBLICATION -> throw Refusal.OWN_PUBLICATION.refused();
            case APPROVED -> LOG.info("policy version approved versionId={}", versionId);
        }
        PolicyVersion version = existing(versionId);
        announce(version);
        return PolicyVersionView.forStaff(version, versions.counts(versionId));
    }

    /**
     * A well-formed link off the website's origins: a mail from the centre's real sender must not send learners
     * elsewhere. Needs the configuration, so the HTTP adapter adds it to the draft's own checks as the body binds.
     */
    public List<FieldError> linkErrors(PolicyDraft draft) {
        if (draft.policyUrl() == null || !PolicyDraft.HTTPS_URL.matcher(draft.policyUrl()).matches()
                || websiteOrigins.contains(originOf(URI.create(draft.policyUrl())))) {
            return List.of();
        }
        return List.of(new FieldError("policyUrl", FieldCode.INVALID_FORMAT, "website-url"));
    }

    /**
     * Emits the publication event again: the mailing reaches whoever it has not reached yet. A version not approved
     * is refused: announcing is what the approval guards.
     */
    public PolicyVersionView announceAgain(String versionId, StaffCaller staff, String route) {
        PolicyVersion version = existing(versionId);
        if (!version.approved()) {
            throw Refusal.NOT_APPROVED.refused();
        }
        // Audited before the event goes: an announcement is never left without its record.
        transactions.write(Writes.of(auditRecord(AuditEvent.POLICY_VERSION_ANNOUNCED_AGAIN, versionId, staff, route)));
        announce(version);
        return PolicyVersionView.forStaff(version, versions.counts(versionId));
    }

    public PolicyVersionView forStaff(String versionId) {
        return PolicyVersionView.forStaff(existing(versionId), versions.counts(versionId));
    }

    /** A version's public part, once approved: until then it is nobody's policy. */
    public PolicyVersionView publicPart(String versionId) {
        return PolicyVersionView.publicPart(versions.find(versionId).filter(PolicyVersion::approved)
                .orElseThrow(Refusal.NO_SUCH_POLICY_VERSION::refused));
    }

    public PolicyVersionView current() {
        return versions.latest().map(PolicyVersionView::publicPart).orElseThrow(Refusal.NO_POLICY::refused);
    }

    PolicyVersion existing(String versionId) {
        return versions.find(versionId).orElseThrow(Refusal.NO_SUCH_POLICY_VERSION::refused);
    }

    /** A version id from a path, of a version id's shape (as drafts are checked); anything else names no version. */
    public static String versionIdIn(String pathParameter) {
        if (!VERSION_ID.matcher(pathParameter).matches()) {
            throw Refusal.NO_SUCH_POLICY_VERSION.refused();
        }
        return pathParameter;
    }

    private TransactWriteItem auditRecord(
            AuditEvent event, String versionId, StaffCaller staff, String route) {
        Map<String, String> facts = new HashMap<>(staff.auditFacts());
        facts.put("route", route);
        facts.put("versionId", versionId);
        return audit.record(AuditLog.STAFF_ACCESS, event, facts);
    }

    /** scheme://host:port, lower case, the default port spelled out: how two links' origins compare. */
    private static String originOf(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private void announce(PolicyVersion version) {
        var response = events.putEvents(request -> request.entries(entry -> entry
                .source(EVENT_SOURCE)
                .detailType(EVENT_DETAIL_TYPE)
                .detail("{\"versionId\":\"" + version.versionId() + "\"}")));
        if (response.failedEntryCount() > 0) {
            throw EventBridgeException.builder().message("the publication event was not accepted").build();
        }
    }
}
