package coach.eco.learners.policy;

import coach.eco.learners.refusal.Refusal;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Staff publish policy versions; anyone reads their public part. Publishing emits the event that
 * starts the policy-change mailing; staff can emit it again for a version (the mailing skips
 * every learner already mailed).
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
    private final Clock clock;

    public PolicyPublishing(PolicyVersionStore versions, EventBridgeClient events, Clock clock) {
        this.versions = versions;
        this.events = events;
        this.clock = clock;
    }

    public PolicyVersionView publish(PolicyDraft draft, String staff) {
        PolicyVersion version = draft.publishedBy(staff, clock.instant());
        if (!versions.publish(version)) {
            throw Refusal.VERSION_EXISTS.refused();
        }
        LOG.info("policy version published versionId={} kind={}", version.versionId(), version.kind());
        announce(version);
        return PolicyVersionView.forStaff(version, versions.counts(version.versionId()));
    }

    /** Emits the publication event again: the mailing reaches whoever it has not reached yet. */
    public PolicyVersionView announceAgain(String versionId) {
        PolicyVersion version = existing(versionId);
        announce(version);
        return PolicyVersionView.forStaff(version, versions.counts(versionId));
    }

    public PolicyVersionView forStaff(String versionId) {
        return PolicyVersionView.forStaff(existing(versionId), versions.counts(versionId));
    }

    public PolicyVersionView publicPart(String versionId) {
        return PolicyVersionView.publicPart(existing(versionId));
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
