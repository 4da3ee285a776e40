package coach.eco.learners.metrics;

/**
 * Every metric the functions publish: fixed names, counts (and one age), no dimensions, so that no
 * value from a request or a profile can ever reach a metric name or dimension.
 */
public enum Metric {
    /** One per finished or time-limited purge run (not dry runs): its absence is alarmed on. */
    PURGE_RUNS("PurgeRuns"),
    PROFILES_ERASED("ProfilesErased"),
    INACTIVITY_WARNINGS_SENT("InactivityWarningsSent"),
    /** Due, but held by a legal hold: not a fault. */
    PROFILES_HELD("ProfilesHeld"),
    /** Items that failed this run (an exception, or a condition that failed after a fresh read). */
    RETENTION_ITEMS_FAILED("RetentionItemsFailed"),
    /** Items that failed too often and wait for an operator. */
    RETENTION_ITEMS_PARKED("RetentionItemsParked"),
    /** Erasures past their due date by more than the allowed margin, still not done. */
    ERASURES_OVERDUE("ErasuresOverdue"),
    /** Learner emails that SES refused or that could not be handed to it, and outbox mail given up. */
    MAIL_NOT_SENT("MailNotSent"),
    /** Mail after a committed change that could not be sent at once, or on a retry: it waits in the outbox. */
    MAIL_DEFERRED("MailDeferred"),
    /**
     * Mail set aside because trying again cannot help: an outbox entry that is malformed or whose
     * profile fails its integrity check, or a learner of a policy or breach mailing whose profile fails
     * it. Each is logged as "mail parked" with its kind and profile id; the rest of the run goes on.
     */
    MAIL_PARKED("MailParked"),
    /**
     * Published by each scheduled outbox run: how long the oldest entry it found due has waited since
     * it was listed (0 if none). An outbox that does not drain shows here before its mail is given up.
     */
    OUTBOX_OLDEST_ENTRY_AGE("OutboxOldestEntryAge", "Seconds"),
    /** A mail to a typed address not sent because this hour's budget of its kind is spent. */
    MAIL_BUDGET_SPENT("MailBudgetSpent"),
    /** Open privacy requests whose due date is less than the warning's working days away (deadline check). */
    PRIVACY_REQUESTS_DUE_SOON("PrivacyRequestsDueSoon"),
    /** Open privacy requests past their due date. */
    PRIVACY_REQUESTS_OVERDUE("PrivacyRequestsOverdue"),
    /** Breaches whose notice to the authority is not recorded yet: due within 72 hours of detection. */
    BREACH_NOTICES_PENDING("BreachAuthorityNoticesPending"),
    /** Breaches whose notice to the authority is past its 72 hours and still not recorded. */
    BREACH_NOTICES_OVERDUE("BreachAuthorityNoticesOverdue"),
    /** The working-day calendar's announced years end within 60 days: the centre must add the next one. */
    WORKING_DAY_CALENDAR_ENDING("WorkingDayCalendarEnding");

    private final String metricName;
    private final String unit;

    Metric(String metricName) {
        this(metricName, "Count");
    }

    Metric(String metricName, String unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    public String metricName() {
        return metricName;
    }

    /** The CloudWatch unit of the metric's values. */
    public String unit() {
        return unit;
    }
}
