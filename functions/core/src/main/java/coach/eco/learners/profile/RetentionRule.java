package coach.eco.learners.profile;

/**
 * Why retention acts on a profile next. Each rule belongs to one queue of the RetentionDue index:
 * the purge (which never decrypts) erases, the warning function (which mails) warns.
 */
public enum RetentionRule {
    /** A signup whose verification link lapsed; DynamoDB TTL usually removes it first. */
    UNVERIFIED("unverified", RetentionRule.ERASE),
    /** A deletion the learner asked for, past its grace period. */
    REQUESTED("requested", RetentionRule.ERASE),
    /** Warned of inactivity, and silent since, until the date the warning gave. */
    INACTIVE("inactive", RetentionRule.ERASE),
    /** Inactive for the inactivity period less the warning lead: time to warn. */
    INACTIVITY_WARNING("inactivity-warning", RetentionRule.WARN),
    /** Made with someone's details without their permission: staff decided its erasure. */
    UNAUTHORISED("unauthorised", RetentionRule.ERASE),
    /** Suspended on a report while staff check: in a queue no run reads, so nothing warns or erases it. */
    SUSPENDED("suspended", RetentionRule.SUSPENDED_QUEUE);

    /** The queue of what is to be erased. */
    public static final String ERASE = "erase";
    /** The queue of what is to be warned. */
    public static final String WARN = "warn";
    /** Where suspended profiles wait for staff's decision; no run reads it. */
    public static final String SUSPENDED_QUEUE = "suspended";
    /** Where items that kept failing wait for an operator, out of the way of the others. */
    public static final String PARKED = "parked";

    private final String wireName;
    private final String queue;

    RetentionRule(String wireName, String queue) {
        this.wireName = wireName;
        this.queue = queue;
    }

    public String wireName() {
        return wireName;
    }

    public String queue() {
        return queue;
    }

    public static RetentionRule ofWireName(String wireName) {
        for (RetentionRule rule : values()) {
            if (rule.wireName.equals(wireName)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("unknown retention rule");
    }
}
