package coach.eco.learners.purge;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.mail.MailDates;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Mailer;
import coach.eco.learners.mail.WebsiteLinks;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileAttributes;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.profile.RetentionEvent;
import coach.eco.learners.profile.RetentionPolicy;
import coach.eco.learners.profile.RetentionRule;
import coach.eco.learners.purge.RetentionQueue.Outcome;
import coach.eco.learners.config.LearnerConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static coach.eco.learners.profile.ProfileAttributes.INACTIVITY_ERASURE_AT;
import static coach.eco.learners.profile.ProfileAttributes.LEGAL_HOLD_SINCE;
import static coach.eco.learners.profile.ProfileAttributes.PROFILE_ID;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_DUE_AT;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_FAILURES;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_QUEUE;
import static coach.eco.learners.profile.ProfileAttributes.RETENTION_RULE;
import static coach.eco.learners.profile.ProfileAttributes.VERSION;
import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.s;

/**
 * One run of the inactivity warnings: each learner due a warning (from the warn queue of the
 * RetentionDue index) gets one email giving the date the profile will be erased, a sign-in link
 * that keeps it and the link to ask for deletion now. The profile is moved to the erase queue, at
 * that date, before the email is sent, and moved back if SES refuses it: a warning that went out is
 * not sent again, and a profile whose warning SES refused is not erased for inactivity (short of a
 * crash or timeout between the move and the send: docs/security.md, known gaps). A held profile is
 * not warned.
 */
@Singleton
public class InactivityWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(InactivityWarnings.class);

    private final DynamoDbClient dynamoDb;
    private final RetentionQueue queue;
    private final ProfileStore profiles;
    private final RetentionPolicy retention;
    private final Mailer mailer;
    private final WebsiteLinks links;
    private final AuditLog audit;
    private final Metrics metrics;
    private final String profilesTable;
    private final Clock clock;

    public InactivityWarnings(@Named("plain") DynamoDbClient dynamoDb, RetentionQueue queue, ProfileStore profiles,
                              RetentionPolicy retention, Mailer mailer, WebsiteLinks links, AuditLog audit,
                              Metrics metrics, LearnerConfiguration config, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.queue = queue;
        this.profiles = profiles;
        this.retention = retention;
        this.mailer = mailer;
        this.links = links;
        this.audit = audit;
        this.metrics = metrics;
        this.profilesTable = config.getProfilesTable();
        this.clock = clock;
    }

    /** Warns every learner due a warning, until done or until {@code stopBy}. */
    public RetentionPurge.Report run(Instant stopBy) {
        Instant now = clock.instant();
        RetentionQueue.Walk walk = queue.walk(RetentionRule.WARN, now, stopBy, true,
                item -> item.containsKey(LEGAL_HOLD_SINCE) ? Outcome.HELD : warn(item.get(PROFILE_ID).s(), now));
        int warned = walk.done();
        int held = walk.held();
        List<String> failed = walk.failedIds();
        LOG.info("inactivity warnings run warned={} held={} failed={}", warned, held, failed.size());
        metrics.publish(Map.of(Metric.INACTIVITY_WARNINGS_SENT, warned, Metric.RETENTION_ITEMS_FAILED, failed.size()));
        return new RetentionPurge.Report(false,
                warned == 0 ? Map.of() : Map.of(RetentionRule.INACTIVITY_WARNING.wireName(), warned),
                held, failed, List.of(), 0, walk.finished());
    }

    /**
     * Warns one learner: done if sent, failed if the profile changed meanwhile (throws if SES refused),
     * no longer due if the learner was active or the profile is gone.
     */
    private Outcome warn(String profileId, Instant now) {
        Optional<Profile> found = profiles.find(profileId);
        if (found.isEmpty()) {
            return Outcome.NO_LONGER_DUE;
        }
        Profile profile = found.get();
        RetentionEvent next = retention.next(profile);
        if (next.rule() != RetentionRule.INACTIVITY_WARNING || next.at().isAfter(now)) {
            return Outcome.NO_LONGER_DUE;
        }
        Instant erasureAt = retention.erasureDateOfWarning(profile.lastActiveAt(), now);
        if (!move(profile, next, new RetentionEvent(RetentionRule.INACTIVE, erasureAt))) {
            return Outcome.FAILED;
        }
        Map<String, Object> values = new HashMap<>(MailDates.erasureDate(erasureAt));
        values.put("signInUrl", links.page("/sign-in"));
        values.put("deletionUrl", links.page("/delete-profile"));
        try {
            mailer.send(profile.email(), MailTemplate.INACTIVITY_WARNING, values);
        } catch (SdkException e) {
            metrics.count(Metric.MAIL_NOT_SENT);
            move(profile, new RetentionEvent(RetentionRule.INACTIVE, erasureAt), next);
            throw e;
        }
        Transactions.write(dynamoDb, Writes.of(audit.record(profileId, AuditEvent.INACTIVITY_WARNED,
                Map.of("erasureDueAt", erasureAt.toString()))));
        LOG.info("inactivity warning sent profileId={}", profileId);
        return Outcome.DONE;
    }

    /** Moves the profile from one retention event to the other, if it is still at the first. */
    private boolean move(Profile profile, RetentionEvent from, RetentionEvent to) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":version", AttributeValue.fromN(Long.toString(profile.version())),
                ":fromRule", s(from.rule().wireName()),
                ":fromDue", epochSeconds(from.at())));
        ProfileAttributes.retentionKeys(to).forEach((name, value) -> values.put(":" + name, value));
        boolean warned = to.rule() == RetentionRule.INACTIVE;
        Map<String, String> names = new HashMap<>(Map.of("#queue", RETENTION_QUEUE, "#due", RETENTION_DUE_AT,
                "#rule", RETENTION_RULE, "#erasureAt", INACTIVITY_ERASURE_AT, "#version", VERSION));
        if (warned) {
            values.put(":erasureAt", epochSeconds(to.at()));
            names.put("#failures", RETENTION_FAILURES);
        }
        try {
            dynamoDb.updateItem(request -> request.tableName(profilesTable)
                    .key(Map.of(PROFILE_ID, s(profile.profileId())))
                    .updateExpression("SET #queue = :" + RETENTION_QUEUE + ", #due = :" + RETENTION_DUE_AT
                            + ", #rule = :" + RETENTION_RULE
                            // Warned: a fresh start for the erasure. Moved back: the failure stays counted.
                            + (warned ? ", #erasureAt = :erasureAt REMOVE #failures" : " REMOVE #erasureAt"))
                    .conditionExpression("#version = :version AND #rule = :fromRule AND #due = :fromDue")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
