package coach.eco.learners.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;

/** The tables as anyone with read access sees them: raw items, through a client that decrypts nothing. */
public final class RawTables {
    private static final List<String> ALL = List.of("ProfilesTable", "LookupTable", "AuditTable");

    private RawTables() {
    }

    /** Every item of the profiles and lookup tables that names the profile (its id appears in it). */
    public static List<String> itemsMentioning(DynamoDbClient dynamoDb, String profileId) {
        return items(dynamoDb, List.of("ProfilesTable", "LookupTable")).stream()
                .filter(item -> item.contains(profileId))
                .toList();
    }

    /** Every item of every table, one per line. */
    public static String everything(DynamoDbClient dynamoDb) {
        return String.join("\n", items(dynamoDb, ALL));
    }

    private static List<String> items(DynamoDbClient dynamoDb, List<String> tables) {
        return tables.stream()
                .flatMap(table -> dynamoDb.scanPaginator(request -> request
                        .tableName(LocalAwsExtension.aws().physicalId(table))).items().stream())
                .map(Object::toString)
                .toList();
    }
}
