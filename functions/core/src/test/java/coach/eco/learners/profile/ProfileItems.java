package coach.eco.learners.profile;

import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.aws.Items;
import coach.eco.learners.aws.Batches;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.List;
import java.util.Map;

/**
 * Many profiles written at once for a test's set-up, as signup and verification would leave
 * them: each profile item through the encrypting client (the same layout and encryption as
 * {@link ProfileStore}) and its email lookup item, in batch writes instead of one transaction each.
 */
public final class ProfileItems {
    private ProfileItems() {
    }

    public static void writeAll(DynamoDbClient encrypting, RetentionPolicy retention, String profilesTable,
                                String lookupTable, List<Profile> profiles) {
        for (int start = 0; start < profiles.size(); start += Batches.MAX_WRITES) {
            List<Profile> batch = profiles.subList(start, Math.min(start + Batches.MAX_WRITES, profiles.size()));
            Batches.putAll(encrypting, profilesTable, batch.stream()
                    .map(profile -> ProfileAttributes.toItem(profile, retention.next(profile))).toList());
            Batches.putAll(encrypting, lookupTable, batch.stream().map(profile -> Map.of(
                    LookupTable.LOOKUP_KEY, Items.s(profile.emailLookupKey()),
                    ProfileAttributes.PROFILE_ID, Items.s(profile.profileId()),
                    "status", Items.s(profile.status().name()))).toList());
        }
    }

    /**
     * Removes the profile items of these learners, by batch deletes: a test's own population, once it
     * is done with them, so that the module's later tests (a policy mailing to every confirmed learner,
     * say) do not pay for them.
     */
    public static void deleteAll(DynamoDbClient dynamoDb, String profilesTable, List<String> profileIds) {
        for (int start = 0; start < profileIds.size(); start += Batches.MAX_WRITES) {
            Map<String, List<WriteRequest>> unprocessed = Map.of(profilesTable, profileIds
                    .subList(start, Math.min(start + Batches.MAX_WRITES, profileIds.size())).stream()
                    .map(id -> WriteRequest.builder().deleteRequest(delete -> delete
                            .key(Map.of(ProfileAttributes.PROFILE_ID, Items.s(id)))).build())
                    .toList());
            while (!unprocessed.isEmpty()) {
                Map<String, List<WriteRequest>> deleting = unprocessed;
                unprocessed = dynamoDb.batchWriteItem(request -> request.requestItems(deleting)).unprocessedItems();
            }
        }
    }
}
