package coach.eco.learners.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/** The audit records of one profile, read from the table as an auditor would, in time order. */
public final class AuditTrail {
    private AuditTrail() {
    }

    public static List<Map<String, AttributeValue>> recordsOf(DynamoDbClient dynamoDb, String profileId) {
        return dynamoDb.query(request -> request
                .tableName(LocalAwsExtension.aws().physicalId("AuditTable"))
                .keyConditionExpression("profileId = :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(profileId)))).items();
    }

    public static List<String> eventsOf(DynamoDbClient dynamoDb, String profileId) {
        return recordsOf(dynamoDb, profileId).stream().map(record -> record.get("event").s()).toList();
    }
}
