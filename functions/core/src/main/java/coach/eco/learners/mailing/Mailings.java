package coach.eco.learners.mailing;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Plain;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.policy.PolicyVersionStore;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.staff.StaffCaller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static coach.eco.learners.aws.Items.s;

/**
 * The centre's mailings, one consent purpose each: staff compose one and see how many learners it would
 * reach; a publisher has it sent, which hands it to the policy mailing's fan-out, queue and sender by an
 * event. Sending again queues everyone again, and the sender mails nobody twice. Kept in the policy table
 * (no personal data, like the policy versions), one item per mailing; each act audited with who did it.
 */
@Singleton
public class Mailings {
    /** The event that hands a mailing to the fan-out. */
    public static final String EVENT_SOURCE = "learner-profiles.mailings";
    public static final String EVENT_DETAIL_TYPE = "Purpose mailing sent";
    private static final String KEY_PREFIX = "mailing#";
    private static final Pattern MAILING_ID = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    private static final Logger LOG = LoggerFactory.getLogger(Mailings.class);

    /** What staff see of a mailing: its words, and how many learners it reaches now. */
    @Serdeable
    public record MailingView(String mailingId, String purposeId, String subjectVi, String subjectEn, String bodyVi,
                              String bodyEn, Instant composedAt, @Nullable Instant sendingRequestedAt,
                              long learnersReached) {
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final ConsentPurposeStore purposes;
    private final MailingAudience audience;
    private final AuditLog audit;
    private final EventBridgeClient events;
    private final Clock clock;

    public Mailings(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config, ConsentPurposeStore purposes,
                    MailingAudience audience, AuditLog audit, EventBridgeClient events, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = config.getPolicyTable();
        this.purposes = purposes;
        this.audience = audience;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Keeps a new mailing, audited in the same write; refuses a purpose the centre does not ask about (422). */
    public MailingView compose(MailingDraft draft, StaffCaller staff, String route) {
        if (purposes.all().stream().noneMatch(purpose -> purpose.purposeId().equals(draft.purposeId()))) {
            throw Refused.invalidField("purposeId", FieldCode.UNKNOWN_PURPOSE);
        }
        Mailing mailing = new Mailing(UUID.randomUUID().toString(), draft.purposeId(), draft.subjectVi().strip(),
                draft.subjectEn().strip(), draft.bodyVi().strip(), draft.bodyEn().strip(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS), staff.roleArn(), null);
        // A fresh random id: no condition needed.
        TransactWriteItem put = TransactWriteItem.builder().put(request -> request.tableName(table).item(item(mailing)))
                .build();
        Transactions.write(dynamoDb, Writes.of(put, audited(mailing, AuditEvent.MAILING_COMPOSED, staff, route)));
        LOG.info("mailing composed mailingId={} purposeId={}", mailing.mailingId(), mailing.purposeId());
        return view(mailing);
    }

    /** The mailing as staff see it, with how many learners it reaches now; 404 for an unknown id. */
    public MailingView forStaff(String mailingId) {
        return view(load(mailingId));
    }

    /**
     * Has the mailing sent: the request recorded and audited, then handed to the fan-out by an event. A
     * learner who says no before the sender reaches them gets nothing.
     */
    public MailingView send(String mailingId, StaffCaller staff, String route) {
        Mailing mailing = load(mailingId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        TransactWriteItem requested = TransactWriteItem.builder().update(update -> update.tableName(table)
                .key(Map.of(PolicyVersionStore.KEY, key(mailingId)))
                .updateExpression("SET #requested = :now")
                .conditionExpression("attribute_exists(#key)")
                .expressionAttributeNames(Map.of("#requested", "sendingRequestedAt", "#key", PolicyVersionStore.KEY))
                .expressionAttributeValues(Map.of(":now", s(now.toString())))).build();
        if (!Transactions.write(dynamoDb, Writes.of(requested,
                audited(mailing, AuditEvent.MAILING_SENT, staff, route)))) {
            throw Refusal.NO_SUCH_MAILING.refused();
        }
        var response = events.putEvents(request -> request.entries(event -> event.source(EVENT_SOURCE)
                .detailType(EVENT_DETAIL_TYPE).detail("{\"mailingId\":\"" + mailingId + "\"}")));
        if (response.failedEntryCount() > 0) {
            throw EventBridgeException.builder().message("mailing event not put").build();
        }
        LOG.info("mailing handed to the fan-out mailingId={} purposeId={}", mailingId, mailing.purposeId());
        return view(new Mailing(mailing.mailingId(), mailing.purposeId(), mailing.subjectVi(), mailing.subjectEn(),
                mailing.bodyVi(), mailing.bodyEn(), mailing.composedAt(), mailing.composedBy(), now));
    }

    /** The mailing, read in clear; empty if there is none with this id. */
    public Optional<Mailing> find(String mailingId) {
        if (mailingId == null || !MAILING_ID.matcher(mailingId).matches()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table)
                .key(Map.of(PolicyVersionStore.KEY, key(mailingId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(mailingOf(mailingId, item));
    }

    /** The purpose a mailing is for, with its names, for the mail's footer. */
    public Optional<ConsentPurpose> purposeOf(Mailing mailing) {
        return purposes.all().stream().filter(purpose -> purpose.purposeId().equals(mailing.purposeId())).findFirst();
    }

    private Mailing load(String mailingId) {
        return find(mailingId).orElseThrow(Refusal.NO_SUCH_MAILING::refused);
    }

    private MailingView view(Mailing mailing) {
        return new MailingView(mailing.mailingId(), mailing.purposeId(), mailing.subjectVi(), mailing.subjectEn(),
                mailing.bodyVi(), mailing.bodyEn(), mailing.composedAt(), mailing.sendingRequestedAt(),
                audience.count(mailing.purposeId()));
    }

    private TransactWriteItem audited(Mailing mailing, AuditEvent event, StaffCaller staff, String route) {
        Map<String, String> facts = new HashMap<>(staff.auditFacts());
        facts.put("route", route);
        facts.put("mailingId", mailing.mailingId());
        facts.put("purposeId", mailing.purposeId());
        return audit.record(AuditLog.STAFF_ACCESS, event, facts);
    }

    private static Map<String, AttributeValue> item(Mailing mailing) {
        return Map.of(PolicyVersionStore.KEY, key(mailing.mailingId()),
                "purposeId", s(mailing.purposeId()),
                "subjectVi", s(mailing.subjectVi()),
                "subjectEn", s(mailing.subjectEn()),
                "bodyVi", s(mailing.bodyVi()),
                "bodyEn", s(mailing.bodyEn()),
                "composedAt", s(mailing.composedAt().toString()),
                "composedBy", s(mailing.composedBy()));
    }

    private static Mailing mailingOf(String mailingId, Map<String, AttributeValue> item) {
        AttributeValue requested = item.get("sendingRequestedAt");
        return new Mailing(mailingId, item.get("purposeId").s(), item.get("subjectVi").s(), item.get("subjectEn").s(),
                item.get("bodyVi").s(), item.get("bodyEn").s(), Instant.parse(item.get("composedAt").s()),
                item.get("composedBy").s(), requested == null ? null : Instant.parse(requested.s()));
    }

    private static AttributeValue key(String mailingId) {
        return s(KEY_PREFIX + mailingId);
    }
}
