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
    INACTIVITY_WARNING("inactivity-warning", RetentionRule.WARN);

    /** The queue of what is to be erased. */
    public static final String ERASE = "erase";
    /** The queue of what is to be warned. */
    public static final String WARN = "warn";
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
