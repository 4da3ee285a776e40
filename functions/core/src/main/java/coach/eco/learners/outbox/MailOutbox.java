package coach.eco.learners.outbox;

import coach.eco.learners.aws.IntegrityFailure;
import coach.eco.learners.aws.Plain;
import coach.eco.learners.aws.RequestDeadline;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static coach.eco.learners.aws.Items.EXPIRES_AT;
import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.instant;
import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.lookup.LookupTable.LOOKUP_KEY;
import static coach.eco.learners.lookup.LookupTable.PROFILE_ID;

/**
 * Mail that must follow a committed change: an entry in the lookup table, written in the change's
 * own transaction, says what to send (a kind, a profile id, what it is bound to; no address, no
 * link). Right after the commit the function takes the entry and sends the mail; if that fails (SES
 * refuses, a call times out, the request's time is up), the entry stays, or is put back, and the
 * scheduled {@code MailOutboxFunction} sends it on a later run. No single failing call loses a
 * committed change's mail or sends it twice; the scheduled run sends a mail again only if SES
 * accepted it and the entry's deletion then failed.
 */
@Singleton
public class MailOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);
    private static final String KIND = "outboxKind";
    private static final String BOUND_TO = "boundTo";
    /** The sparse index of entries waiting, by when they are next due. */
    public static final String INDEX = "OutboxDue";
    private static final String QUEUE = "outboxQueue";
    private static final String WAITING = "waiting";
    private static final String DUE_AT = "outboxDueAt";
    /** Set, with the reason, on an entry taken off the queue because no retry can send it. */
    static final String PARKED = "outboxParked";
    /** Longer than any request runs: the scheduled run never sends what the request is still sending. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(2);
    /** After this, an entry is given up, counted as mail not sent. */
    private static final Duration GIVE_UP_AFTER = Duration.ofDays(2);

    /** One mail to send: what kind, for which profile, bound to which state of it. */
    public record Entry(String kind, String profileId, String boundTo) {
        AttributeValue key() {
            return LookupTable.outboxKey(kind, profileId);
        }
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final Metrics metrics;
    /**
     * The kinds of mail, found when the scheduled run needs them: each kind hands its own entries to
     * this outbox, so the two are not built in one go.
     */
    private final BeanProvider<OutboxMail> mails;

    public MailOutbox(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config, Clock clock,
                      Metrics metrics, BeanProvider<OutboxMail> mails) {
        this.dynamoDb = dynamoDb;
        this.table = config.getLookupTable();
        this.clock = clock;
        this.metrics = metrics;
        this.mails = mails;
    }

    /**
     * The entry, for the change's transaction. It replaces an earlier entry of the same kind for the
     * profile: only the latest state is mailed.
     */
    public TransactWriteItem put(Entry entry) {
        Instant now = clock.instant();
        return TransactWriteItem.builder().put(put -> put.tableName(table).item(Map.of(
                LOOKUP_KEY, entry.key(),
                PROFILE_ID, s(entry.profileId()),
                KIND, s(entry.kind()),
                BOUND_TO, s(entry.boundTo()),
                QUEUE, s(WAITING),
                DUE_AT, epochSeconds(now.plus(RETRY_AFTER)),
                EXPIRES_AT, epochSeconds(now.plus(GIVE_UP_AFTER))))).build();
    }

    /**
     * After the commit: takes the entry and sends the mail now, or leaves the mail to the scheduled
     * run. The entry is taken (deleted) before the send and put back if SES refuses: one failing call,
     * whichever it is, neither loses the mail nor sends it twice.
     */
    public void deliverNow(Entry entry, Runnable send) {
        try {
            dynamoDb.deleteItem(request -> request.tableName(table).key(Map.of(LOOKUP_KEY, entry.key()))
                    .conditionExpression("#bound = :bound")
                    .expressionAttributeNames(Map.of("#bound", BOUND_TO))
                    .expressionAttributeValues(Map.of(":bound", s(entry.boundTo()))));
        } catch (ConditionalCheckFailedException e) {
            // Listed under a later change: replaced, and that change sends its own mail. Gone: this
            // take went through but its answer was lost, so the SDK's retry found nothing (or a later
            // change took it). Either way it goes back for the scheduled run, which mails only if the
            // profile still stands as this change left it.
            putBack(entry);
            return;
        } catch (SdkException e) {
            deferred(entry, e);
            return;
        }
        try {
            send.run();
        } catch (SdkException e) {
            deferred(entry, e);
            putBack(entry);
        }
    }

    /** Lists a taken entry again, unless a later change listed its own meanwhile. */
    private void putBack(Entry entry) {
        try {
            Put again = put(entry).put();
            // After a slow commit and a failed send the request's budget may be spent; the mail is not.
            RequestDeadline.pastTheDeadline(() -> dynamoDb.putItem(request -> request.tableName(table)
                    .item(again.item()).conditionExpression("attribute_not_exists(" + LOOKUP_KEY + ")")));
        } catch (ConditionalCheckFailedException replaced) {
            LOG.info("outbox entry replaced meanwhile kind={} profileId={}", entry.kind(), entry.profileId());
        } catch (SdkException lost) {
            LOG.error("mail lost after two failures kind={} profileId={} error={}", entry.kind(),
                    entry.profileId(), lost.getClass().getName());
            metrics.count(Metric.MAIL_NOT_SENT);
        }
    }

    private void deferred(Entry entry, SdkException e) {
        LOG.warn("mail left in the outbox kind={} profileId={} error={}", entry.kind(), entry.profileId(),
                e.getClass().getName());
        metrics.count(Metric.MAIL_DEFERRED);
    }

    /**
     * The scheduled run: sends every entry due by now; returns how many it sent. It publishes how long
     * the oldest entry it found due has waited since it was listed: an entry deferred run after run
     * is due again at each run (its retry comes sooner than the next run), so that age grows while
     * the outbox does not drain.
     */
    public int deliverDue() {
        Instant now = clock.instant();
        Map<String, OutboxMail> byKind = mails.stream().collect(Collectors.toMap(OutboxMail::kind, Function.identity()));
        int sent = 0;
        Duration oldest = Duration.ZERO;
        var pages = dynamoDb.queryPaginator(request -> request.tableName(table).indexName(INDEX)
                .keyConditionExpression("#queue = :waiting AND #due <= :now")
                .expressionAttributeNames(Map.of("#queue", QUEUE, "#due", DUE_AT))
                .expressionAttributeValues(Map.of(":waiting", s(WAITING), ":now", epochSeconds(now))));
        // Each entry fails alone: whatever one entry meets, the run goes on to the entries after it.
        for (Map<String, AttributeValue> item : pages.items()) {
            Duration waited = waitedSinceListed(item, now);
            oldest = waited.compareTo(oldest) > 0 ? waited : oldest;
            Entry entry = entryOf(item);
            if (entry == null) {
                park(item, "malformed");
                continue;
            }
            try {
                if (deliverLater(byKind.get(entry.kind()), entry, item, now)) {
                    sent++;
                }
            } catch (SdkException e) {
                deferred(entry, e);
            } catch (IntegrityFailure e) {
                park(item, "integrity-failure");
            } catch (RuntimeException e) {
                park(item, e.getClass().getSimpleName());
            }
        }
        metrics.publish(Map.of(Metric.OUTBOX_OLDEST_ENTRY_AGE, oldest.toSeconds()));
        return sent;
    }

    /** How long ago the entry was listed: it expires the give-up time after; zero if it names no expiry. */
    private static Duration waitedSinceListed(Map<String, AttributeValue> item, Instant now) {
        AttributeValue expiresAt = item.get(EXPIRES_AT);
        if (expiresAt == null || expiresAt.n() == null) {
            return Duration.ZERO;
        }
        Duration waited = Duration.between(instant(expiresAt).minus(GIVE_UP_AFTER), now);
        return waited.isNegative() ? Duration.ZERO : waited;
    }

    /** The entry an item lists; null if the item lacks what every entry has. */
    private static Entry entryOf(Map<String, AttributeValue> item) {
        for (String attribute : new String[]{KIND, PROFILE_ID, BOUND_TO, DUE_AT, EXPIRES_AT}) {
            AttributeValue value = item.get(attribute);
            if (value == null || (value.s() == null && value.n() == null)) {
                return null;
            }
        }
        return new Entry(item.get(KIND).s(), item.get(PROFILE_ID).s(), item.get(BOUND_TO).s());
    }

    /**
     * Sets aside an entry that no retry can send (malformed, or its profile fails its integrity check):
     * it leaves the queue's index, stays in the table marked parked until it expires, and is logged and
     * counted for an operator. Should even that fail, the entry stays due and the next run tries again.
     */
    private void park(Map<String, AttributeValue> item, String reason) {
        AttributeValue profileId = item.get(PROFILE_ID);
        LOG.error("mail parked kind={} profileId={} reason={}", item.containsKey(KIND) ? item.get(KIND).s() : null,
                profileId == null ? null : profileId.s(), reason);
        metrics.count(Metric.MAIL_PARKED);
        try {
            dynamoDb.updateItem(request -> request.tableName(table).key(Map.of(LOOKUP_KEY, item.get(LOOKUP_KEY)))
                    .updateExpression("REMOVE #queue SET #parked = :reason")
                    .conditionExpression("attribute_exists(#queue)")
                    .expressionAttributeNames(Map.of("#queue", QUEUE, "#parked", PARKED))
                    .expressionAttributeValues(Map.of(":reason", s(reason))));
        } catch (SdkException e) {
            LOG.warn("parked outbox entry still listed error={}", e.getClass().getName());
        }
    }

    private boolean deliverLater(OutboxMail mail, Entry entry, Map<String, AttributeValue> item, Instant now) {
        AttributeValue claimedUntil = epochSeconds(now.plus(RETRY_AFTER));
        // Claimed by moving its due time: a run overlapping this one skips it.
        try {
            dynamoDb.updateItem(request -> request.tableName(table).key(Map.of(LOOKUP_KEY, entry.key()))
                    .updateExpression("SET #due = :later")
                    .conditionExpression("#due = :seen")
                    .expressionAttributeNames(Map.of("#due", DUE_AT))
                    .expressionAttributeValues(Map.of(":later", claimedUntil, ":seen", item.get(DUE_AT))));
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
        if (mail == null || !instant(item.get(EXPIRES_AT)).isAfter(now)) {
            LOG.error("outbox entry given up kind={} profileId={}", entry.kind(), entry.profileId());
            metrics.count(Metric.MAIL_NOT_SENT);
            done(entry, claimedUntil);
            return false;
        }
        try {
            mail.deliver(entry.profileId(), entry.boundTo());
        } catch (SdkException e) {
            deferred(entry, e);
            return false;
        }
        done(entry, claimedUntil);
        LOG.info("outbox mail sent kind={} profileId={}", entry.kind(), entry.profileId());
        return true;
    }

    /** Deletes the entry unless a later change replaced it meanwhile (that one is still to send). */
    private void done(Entry entry, AttributeValue claimedUntil) {
        try {
            dynamoDb.deleteItem(request -> request.tableName(table).key(Map.of(LOOKUP_KEY, entry.key()))
                    .conditionExpression("#bound = :bound AND #due = :claimed")
                    .expressionAttributeNames(Map.of("#bound", BOUND_TO, "#due", DUE_AT))
                    .expressionAttributeValues(Map.of(":bound", s(entry.boundTo()), ":claimed", claimedUntil)));
        } catch (ConditionalCheckFailedException e) {
            LOG.info("outbox entry replaced meanwhile kind={} profileId={}", entry.kind(), entry.profileId());
        } catch (SdkException e) {
            // Sent, but still listed: a later run will send it once more.
            LOG.warn("outbox entry not cleared kind={} profileId={} error={}", entry.kind(), entry.profileId(),
                    e.getClass().getName());
        }
    }
}
