package coach.eco.learners.policy;

import coach.eco.learners.aws.Plain;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.consent.PolicyInForce;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static coach.eco.learners.aws.Items.s;

/**
 * Published policy versions in the policy table (no personal data): one item per version, keyed
 * {@code version#<id>}, with its counters (learners queued, emails sent and failed, answers), and
 * the {@code latest} item naming the version in force (the latest approved).
 */
@Singleton
public class PolicyVersionStore implements PolicyInForce {
    /** The policy table's key: versions, the one naming the latest, and the purposes staff added (ConsentPurposeStore). */
    public static final String KEY = "policyKey";
    private static final String LATEST = "latest";
    private static final String PUBLISHER_SESSION = "publishedBySession";
    private static final String APPROVED_BY = "approvedBy";
    private static final String APPROVED_AT = "approvedAt";

    /**
     * How far one version's mailing and answers have come; counts only, never who. A consent
     * version also counts its reminder: learners queued for it and reminders sent. Mails to the guardians of
     * learners under 16 are counted apart ({@code sentToGuardians}, {@code guardiansReminded}); {@code failed}
     * counts the mails of either kind still failed, {@code accepted} and {@code refused} the learners by the answer
     * in force.
     */
    @Serdeable
    public record Counts(long queued, long sent, long failed, long accepted, long refused, long remindersQueued,
                         long reminded, long sentToGuardians, long guardiansReminded) {
    }

    /** A counter of a version. */
    public enum Counter {
        QUEUED("queued"), SENT("sent"), FAILED("failed"), ACCEPTED("accepted"), REFUSED("refused"),
        REMINDERS_QUEUED("remindersQueued"), REMINDED("reminded"), SENT_TO_GUARDIANS("sentToGuardians"),
        GUARDIANS_REMINDED("guardiansReminded");

        private final String attribute;

        Counter(String attribute) {
            this.attribute = attribute;
        }
    }

    private final DynamoDbClient dynamoDb;
    private final String table;

    public PolicyVersionStore(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config) {
        this.dynamoDb = dynamoDb;
        this.table = config.getPolicyTable();
    }

    /** What came of an approval. */
    public enum Approved { APPROVED, ALREADY_APPROVED, OWN_PUBLICATION }

    /**
     * Stores the version, not approved yet, with the publisher's session and its audit record; false, having
     * written nothing, if its id is taken.
     */
    public boolean publish(PolicyVersion version, String publisherSession, TransactWriteItem auditRecord) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                KEY, versionKey(version.versionId()),
                "versionId", s(version.versionId()),
                "kind", s(version.kind().name()),
                "effectiveDate", s(version.effectiveDate().toString()),
                "policyUrl", s(version.policyUrl()),
                "summaryVi", s(version.summaryVi()),
                "summaryEn", s(version.summaryEn()),
                "publishedAt", s(version.publishedAt().toString()),
                "publishedBy", s(version.publishedBy()),
                PUBLISHER_SESSION, s(publisherSession)));
        return Transactions.write(dynamoDb, Writes.of(
                TransactWriteItem.builder().put(put -> put.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(" + KEY + ")")).build(),
                auditRecord));
    }

    /**
     * Records the approval of a published version by a session other than its publisher's and makes it the latest,
     * with the approval's audit record; a version approved already, or by its own publisher's session, is left as
     * it was.
     */
    public Approved approve(String versionId, String approverRole, String approverSession, Instant at,
                            TransactWriteItem auditRecord) {
        Map<String, AttributeValue> item = item(versionKey(versionId)).orElseThrow();
        if (versionOf(item).approved()) {
            return Approved.ALREADY_APPROVED;
        }
        if (approverSession.equals(item.get(PUBLISHER_SESSION).s())) {
            return Approved.OWN_PUBLICATION;
        }
        // No mailing runs before the approval, so the item has no counter yet: writing it whole loses nothing.
        Map<String, AttributeValue> approved = new HashMap<>(item);
        approved.put(APPROVED_BY, s(approverRole));
        approved.put("approvedBySession", s(approverSession));
        approved.put(APPROVED_AT, s(at.toString()));
        boolean written = Transactions.write(dynamoDb, Writes.of(
                TransactWriteItem.builder().put(put -> put.tableName(table).item(approved)
                        .conditionExpression("attribute_not_exists(#approvedAt) AND #publisherSession = :publisher")
                        .expressionAttributeNames(Map.of("#approvedAt", APPROVED_AT,
                                "#publisherSession", PUBLISHER_SESSION))
                        .expressionAttributeValues(Map.of(":publisher", item.get(PUBLISHER_SESSION)))).build(),
                TransactWriteItem.builder().put(put -> put.tableName(table).item(Map.of(
                        KEY, s(LATEST),
                        "versionId", s(versionId),
                        "publishedAt", item.get("publishedAt")))).build(),
                auditRecord));
        return written ? Approved.APPROVED : Approved.ALREADY_APPROVED;
    }

    public Optional<PolicyVersion> find(String versionId) {
        return item(versionKey(versionId)).map(PolicyVersionStore::versionOf);
    }

    /** The version in force: the latest approved. */
    public Optional<PolicyVersion> latest() {
        return versionId().flatMap(this::find);
    }

    @Override
    public Optional<String> versionId() {
        return item(s(LATEST)).map(latest -> latest.get("versionId").s());
    }

    public Counts counts(String versionId) {
        Map<String, AttributeValue> item = item(versionKey(versionId)).orElse(Map.of());
        return new Counts(count(item, Counter.QUEUED), count(item, Counter.SENT), count(item, Counter.FAILED),
                count(item, Counter.ACCEPTED), count(item, Counter.REFUSED), count(item, Counter.REMINDERS_QUEUED),
                count(item, Counter.REMINDED), count(item, Counter.SENT_TO_GUARDIANS),
                count(item, Counter.GUARDIANS_REMINDED));
    }

    /** Adds to counters of a version at once (a negative amount takes away). */
    public void add(String versionId, Map<Counter, Long> amounts) {
        var update = addition(versionId, amounts).update();
        dynamoDb.updateItem(request -> request.tableName(table).key(update.key())
                .updateExpression(update.updateExpression())
                .expressionAttributeNames(update.expressionAttributeNames())
                .expressionAttributeValues(update.expressionAttributeValues()));
    }

    /**
     * How many learners the latest run of the mailing (or of its reminder) queued. Set only once
     * a run has queued everyone: a version without it has its reminder still to go.
     */
    public void setQueued(String versionId, boolean reminder, long learners) {
        Counter counter = reminder ? Counter.REMINDERS_QUEUED : Counter.QUEUED;
        dynamoDb.updateItem(request -> request.tableName(table).key(Map.of(KEY, versionKey(versionId)))
                .updateExpression("SET #queued = :queued")
                .expressionAttributeNames(Map.of("#queued", counter.attribute))
                .expressionAttributeValues(Map.of(":queued", AttributeValue.fromN(Long.toString(learners)))));
    }

    /**
     * The approved versions that ask for consent and whose reminder has not been queued: a scan, as versions are
     * few.
     */
    public List<PolicyVersion> awaitingReminder() {
        return dynamoDb.scanPaginator(request -> request.tableName(table)
                        .filterExpression("#kind = :consent AND attribute_not_exists(#reminders)")
                        .expressionAttributeNames(Map.of("#kind", "kind",
                                "#reminders", Counter.REMINDERS_QUEUED.attribute))
                        .expressionAttributeValues(Map.of(":consent", s(PolicyKind.CONSENT.name())))
                        .consistentRead(true))
                .items().stream().map(PolicyVersionStore::versionOf).filter(PolicyVersion::approved).toList();
    }

    /** The same addition, as a write of the caller's transaction. */
    public TransactWriteItem addition(String versionId, Map<Counter, Long> amounts) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder expression = new StringBuilder("ADD ");
        amounts.forEach((counter, amount) -> {
            if (expression.length() > 4) {
                expression.append(", ");
            }
            expression.append('#').append(counter.attribute).append(" :").append(counter.attribute);
            names.put("#" + counter.attribute, counter.attribute);
            values.put(":" + counter.attribute, AttributeValue.fromN(Long.toString(amount)));
        });
        return TransactWriteItem.builder().update(update -> update.tableName(table)
                .key(Map.of(KEY, versionKey(versionId)))
                .updateExpression(expression.toString())
                .conditionExpression("attribute_exists(" + KEY + ")")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)).build();
    }

    private Optional<Map<String, AttributeValue>> item(AttributeValue key) {
        var item = dynamoDb.getItem(request -> request.tableName(table).key(Map.of(KEY, key)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static PolicyVersion versionOf(Map<String, AttributeValue> item) {
        Instant publishedAt = Instant.parse(item.get("publishedAt").s());
        PolicyVersion.Approval approval;
        if (item.containsKey(APPROVED_AT)) {
            approval = new PolicyVersion.Approval(item.get(APPROVED_BY).s(), Instant.parse(item.get(APPROVED_AT).s()));
        } else if (!item.containsKey(PUBLISHER_SESSION)) {
            // Published before approvals existed, and announced as it was published then.
            approval = new PolicyVersion.Approval(item.get("publishedBy").s(), publishedAt);
        } else {
            approval = null;
        }
        return new PolicyVersion(item.get("versionId").s(), PolicyKind.valueOf(item.get("kind").s()),
                LocalDate.parse(item.get("effectiveDate").s()), item.get("policyUrl").s(), item.get("summaryVi").s(),
                item.get("summaryEn").s(), publishedAt, item.get("publishedBy").s(), approval);
    }

    private static long count(Map<String, AttributeValue> item, Counter counter) {
        AttributeValue value = item.get(counter.attribute);
        return value == null ? 0 : Long.parseLong(value.n());
    }

    private static AttributeValue versionKey(String versionId) {
        return s("version#" + versionId);
    }
}
