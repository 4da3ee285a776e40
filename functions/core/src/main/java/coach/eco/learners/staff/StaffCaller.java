package coach.eco.learners.staff;

import java.util.Map;

/**
 * A staff member as IAM authenticated them: the role they act in (what the audit trail and holds
 * name) and, apart from it, the session name they chose when assuming the role.
 */
public record StaffCaller(String roleArn, String sessionName) {
    /** The facts an audit record keeps about who acted. */
    public Map<String, String> auditFacts() {
        return Map.of("actor", roleArn, "actorSession", sessionName);
    }
}
