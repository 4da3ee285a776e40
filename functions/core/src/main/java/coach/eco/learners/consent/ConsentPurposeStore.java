package coach.eco.learners.consent;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Plain;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.policy.PolicyVersionStore;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static coach.eco.learners.aws.Items.s;

/**
 * The consent purposes: the built-in ones, then those staff added, kept in the policy table (no
 * personal data, like the policy versions) in one item, {@code purposes}, one attribute per purpose
 * named by its id. One read lists them all; adding one needs no deploy.
 */
@Singleton
public class ConsentPurposeStore {
    /** The item's key: the only policy table item a function that lists or adds purposes touches for them. */
    public static final String ITEM_KEY = "purposes";
    private static final String ADDED_AT = "addedAt";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final AuditLog audit;
    private final Clock clock;

    public ConsentPurposeStore(@Plain DynamoDbClient dynamoDb, LearnerConfiguration config, AuditLog audit, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = config.getPolicyTable();
        this.audit = audit;
        this.clock = clock;
    }

    /** Every purpose: the built-in ones first, then those staff added, oldest first. */
    public List<ConsentPurpose> all() {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table)
                .key(Map.of(PolicyVersionStore.KEY, s(ITEM_KEY))).consistentRead(true)).item();
        List<ConsentPurpose> purposes = new ArrayList<>(ConsentPurpose.BUILT_IN);
        if (item != null) {
            item.entrySet().stream()
                    .filter(attribute -> !attribute.getKey().equals(PolicyVersionStore.KEY))
                    .sorted(Comparator.comparing((Map.Entry<String, AttributeValue> attribute) ->
                            attribute.getValue().m().get(ADDED_AT).s()).thenComparing(Map.Entry::getKey))
                    .map(attribute -> purposeOf(attribute.getKey(), attribute.getValue().m()))
                    .forEach(purposes::add);
        }
        return purposes;
    }

    /**
     * Refuses answers that name a purpose the centre does not ask consent for (one field error on
     * {@code consents}, whose keys are the caller's text and never come back).
     */
    public void checkKnown(Set<String> purposeIds) {
        // The built-in ones need no read.
        Set<String> others = purposeIds.stream().filter(id -> !ConsentPurpose.isBuiltIn(id)).collect(Collectors.toSet());
        if (others.isEmpty()) {
            return;
        }
        Set<String> known = all().stream().map(ConsentPurpose::purposeId).collect(Collectors.toSet());
        if (!known.containsAll(others)) {
            throw Refused.invalidField("consents", FieldCode.UNKNOWN_PURPOSE);
        }
    }

    /**
     * Adds a purpose with the staff member who added it, and its audit record (with the facts of who
     * and through which route), at once; a taken id
     * (built in or added before) is refused and nothing is written.
     */
    public ConsentPurpose add(ConsentPurposeDraft draft, String staffRoleArn, Map<String, String> auditFacts) {
        ConsentPurpose purpose = draft.purpose();
        if (ConsentPurpose.isBuiltIn(purpose.purposeId())) {
            throw Refusal.PURPOSE_EXISTS.refused();
        }
        Map<String, AttributeValue> fields = new HashMap<>(Map.of(
                "nameVi", s(purpose.nameVi()),
                "nameEn", s(purpose.nameEn()),
                "descriptionVi", s(purpose.descriptionVi()),
                "descriptionEn", s(purpose.descriptionEn()),
                ADDED_AT, s(clock.instant().toString()),
                "addedBy", s(staffRoleArn)));
        Map<String, String> facts = new HashMap<>(auditFacts);
        facts.put("purposeId", purpose.purposeId());
        TransactWriteItem added = TransactWriteItem.builder().update(update -> update.tableName(table)
                .key(Map.of(PolicyVersionStore.KEY, s(ITEM_KEY)))
                .updateExpression("SET #purpose = :purpose")
                .conditionExpression("attribute_not_exists(#purpose)")
                .expressionAttributeNames(Map.of("#purpose", purpose.purposeId()))
                .expressionAttributeValues(Map.of(":purpose", AttributeValue.fromM(fields)))).build();
        if (!Transactions.write(dynamoDb, Writes.of(added,
                audit.record(AuditLog.STAFF_ACCESS, AuditEvent.CONSENT_PURPOSE_ADDED, facts)))) {
            throw Refusal.PURPOSE_EXISTS.refused();
        }
        return purpose;
    }

    private static ConsentPurpose purposeOf(String purposeId, Map<String, AttributeValue> fields) {
        return new ConsentPurpose(purposeId, fields.get("nameVi").s(), fields.get("nameEn").s(),
                fields.get("descriptionVi").s(), fields.get("descriptionEn").s(), false);
    }
}
