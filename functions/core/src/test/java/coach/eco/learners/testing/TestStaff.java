package coach.eco.learners.testing;

import java.util.UUID;

/** Staff identities as API Gateway passes them on after IAM authentication. */
public final class TestStaff {
    /** The staff role the test stack lists in StaffRoleArns; its path is what session ARNs leave out. */
    public static final String ROLE = "arn:aws:iam::123456789012:role/staff/records-officer";
    /** A session of that role, as API Gateway names the caller. */
    public static final String SESSION = "arn:aws:sts::123456789012:assumed-role/records-officer/lan.nguyen";
    public static final String SESSION_NAME = "lan.nguyen";
    /** A second person's session of the same role: the one who approves what the first publishes. */
    public static final String SECOND_SESSION = "arn:aws:sts::123456789012:assumed-role/records-officer/minh.tran";
    public static final String SECOND_SESSION_NAME = "minh.tran";

    private TestStaff() {
    }

    /** A session, with a name of its own, of a role that is not a staff role (an administrator's, say). */
    public static String sessionOfAnotherRole(String sessionName) {
        return "arn:aws:sts::123456789012:assumed-role/AdministratorAccess/" + sessionName;
    }

    /** A session name found nowhere else, to pick one call's audit record out. */
    public static String uniqueSessionName() {
        return "s-" + UUID.randomUUID();
    }
}
