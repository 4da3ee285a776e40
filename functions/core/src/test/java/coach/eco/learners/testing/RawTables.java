package coach.eco.learners.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;

/** The tables as anyone with read access sees them: raw items, through a client that decrypts nothing. */
public final class RawTables {
    private static final List<String> ALL = List.of("ProfilesTable", "LookupTable", "AuditTable", "IdempotencyTable");

    private RawTables() {
    }

    /** Every item of the profiles and lookup tables that names the profile (its id appears in it). */
    public static List<String> itemsMentioning(DynamoDbClient dynamoDb, String profileId) {
        return itemsMentioning(dynamoDb, profileId, physical(List.of("ProfilesTable", "LookupTable")));
    }

    /** The same, in tables named by their physical names (tables restored from a backup, say). */
    public static List<String> itemsMentioning(DynamoDbClient dynamoDb, String profileId, List<String> tables) {
        return items(dynamoDb, tables).stream()
                .filter(item -> item.contains(profileId))
                .toList();
    }

    /** Every item of every table, one per line. */
    public static String everything(DynamoDbClient dynamoDb) {
        return String.join("\n", items(dynamoDb, physical(ALL)));
    }

    private static List<String> physical(List<String> logicalIds) {
        return logicalIds.stream().map(LocalAwsExtension.aws()::physicalId).toList();
    }

    private static List<String> items(DynamoDbClient dynamoDb, List<String> tables) {
        return tables.stream()
                .flatMap(table -> dynamoDb.scanPaginator(request -> request.tableName(table)).items().stream())
                .map(Object::toString)
                .toList();
    }
}
