package coach.eco.learners.staff;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.token.HourlyCounter;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who may use the staff routes: sessions of the roles listed in {@code LEARNER_STAFF_ROLE_ARNS}, and
 * no one else, whatever IAM let through (any principal allowed execute-api:Invoke passes IAM).
 * Publishing and mailing policy versions and minting unsubscribe links take a role also listed in
 * {@code LEARNER_PUBLISHER_ROLE_ARNS}. Every refusal is audited, and profile lookups are counted per role per hour.
 */
@Singleton
public class StaffAccess {
    private static final Logger LOG = LoggerFactory.getLogger(StaffAccess.class);
    /** arn:aws:sts::ACCOUNT:assumed-role/ROLE_NAME/SESSION_NAME, as API Gateway names an assumed role. */
    private static final Pattern ASSUMED_ROLE =
            Pattern.compile("arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([^/]+)/(.+)");
    /** arn:aws:iam::ACCOUNT:role/OPTIONAL/PATH/ROLE_NAME; a session's ARN names the role without its path. */
    private static final Pattern ROLE = Pattern.compile("arn:(aws[a-z-]*):iam::(\\d{12}):role/(?:.*/)?([^/]+)");

    /** The listed role ARNs (path and all), by partition, account and role name. */
    private final Map<String, String> allowedRoles;
    /** The roles, among the staff roles, that may publish and mail policy versions and mint unsubscribe links. */
    private final Set<String> publisherRoles;
    private final HourlyCounter counter;
    private final int lookupsPerHour;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;

    public StaffAccess(LearnerConfiguration config, HourlyCounter counter, AuditLog audit, Transactions transactions,
                       Clock clock) {
        this.allowedRoles = rolesIn(config.getStaffRoleArns(), "LEARNER_STAFF_ROLE_ARNS");
        this.publisherRoles = rolesIn(config.getPublisherRoleArns(), "LEARNER_PUBLISHER_ROLE_ARNS").keySet();
        this.counter = counter;
        this.lookupsPerHour = config.getStaffLookupsPerHour();
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The staff member behind an IAM-authenticated request to {@code route}; a caller that is not a
     * session of a listed role is refused (403), and the refusal audited.
     */
    public StaffCaller admit(String callerArn, String route) {
        Matcher session = ASSUMED_ROLE.matcher(callerArn == null ? "" : callerArn);
        if (session.matches()) {
            String role = roleArn(session.group(1), session.group(2), session.group(3));
            String listed = allowedRoles.get(role);
            if (listed != null) {
                return new StaffCaller(listed, session.group(4));
            }
            record(AuditEvent.STAFF_CALL_REFUSED, new StaffCaller(role, session.group(4)).auditFacts(), route);
        } else {
            record(AuditEvent.STAFF_CALL_REFUSED, Map.of("actor", callerArn == null ? "none" : callerArn), route);
        }
        LOG.warn("staff route refused to a caller outside the staff roles route={}", route);
        throw Refusal.STAFF_ONLY.refused();
    }

    /**
     * Admits an admitted staff member to a publisher's route ({@code route}): publishing or announcing a
     * policy version, minting unsubscribe links, all of which reach every learner. A staff role outside
     * the publisher roles is refused (403), and the refusal audited.
     */
    public void admitPublisher(StaffCaller caller, String route) {
        Matcher role = ROLE.matcher(caller.roleArn());
        if (role.matches() && publisherRoles.contains(roleArn(role.group(1), role.group(2), role.group(3)))) {
            return;
        }
        record(AuditEvent.STAFF_CALL_REFUSED, caller.auditFacts(), route);
        LOG.warn("publisher route refused to a staff role outside the publisher roles route={}", route);
        throw Refusal.PUBLISHERS_ONLY.refused();
    }

    /** Counts one profile lookup by the caller's role; past the hourly limit it is refused (429) and audited. */
    public void countLookup(StaffCaller caller, String route) {
        if (counter.increment("staff-lookups#" + caller.roleArn(), clock.instant()) > lookupsPerHour) {
            record(AuditEvent.STAFF_LOOKUP_THROTTLED, caller.auditFacts(), route);
            LOG.warn("staff lookups over the hourly limit route={}", route);
            throw Refusal.TOO_MANY_LOOKUPS.refused();
        }
    }

    /** Audits a staff call that reached no profile, under the audit trail's staff-access partition. */
    public void auditWithoutProfile(AuditEvent event, StaffCaller caller, String route) {
        record(event, caller.auditFacts(), route);
    }

    /** The same, with facts about what was done (a version id, a count; never a learner's data). */
    public void auditWithoutProfile(AuditEvent event, StaffCaller caller, String route, Map<String, String> facts) {
        Map<String, String> all = new HashMap<>(facts);
        all.putAll(caller.auditFacts());
        record(event, all, route);
    }

    private void record(AuditEvent event, Map<String, String> who, String route) {
        Map<String, String> facts = new HashMap<>(who);
        facts.put("route", route);
        transactions.write(Writes.of(audit.record(AuditLog.STAFF_ACCESS, event, facts)));
    }

    /** The listed role ARNs (path and all) by partition, account and role name, as sessions name them. */
    private static Map<String, String> rolesIn(String listed, String variable) {
        return Arrays.stream(Optional.ofNullable(listed).orElse("").split(","))
                .map(String::strip)
                .filter(arn -> !arn.isEmpty())
                .collect(Collectors.toUnmodifiableMap(arn -> {
                    Matcher role = ROLE.matcher(arn);
                    if (!role.matches()) {
                        throw new IllegalStateException(variable + " holds something other than a role ARN");
                    }
                    return roleArn(role.group(1), role.group(2), role.group(3));
                }, arn -> arn));
    }

    private static String roleArn(String partition, String account, String roleName) {
        return "arn:" + partition + ":iam::" + account + ":role/" + roleName;
    }
}
