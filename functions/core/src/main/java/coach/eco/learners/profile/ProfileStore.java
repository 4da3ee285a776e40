package coach.eco.learners.profile;

import coach.eco.learners.aws.Batches;
import coach.eco.learners.aws.Encrypting;
import coach.eco.learners.aws.IntegrityFailure;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.mail.EmailAddress;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static coach.eco.learners.aws.Items.EXPIRES_AT;
import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.instant;
import static coach.eco.learners.aws.Items.s;
import static coach.eco.learners.lookup.LookupTable.LOOKUP_KEY;
import static coach.eco.learners.profile.ProfileAttributes.PROFILE_ID;
import static coach.eco.learners.profile.ProfileAttributes.STATUS;
import static coach.eco.learners.profile.ProfileAttributes.VERSION;

/**
 * Profiles (encrypted, in the profiles table) and the email lookup items that keep each email to
 * one learner (in the lookup table). Every write that touches both is one transaction: a change adds
 * its items to the caller's {@link Writes} and commits them.
 */
@Singleton
public class ProfileStore {
    private final DynamoDbClient dynamoDb;
    private final String profilesTable;
    private final String lookupTable;
    private final Clock clock;
    private final Transactions transactions;
    private final RetentionPolicy retention;

    public ProfileStore(@Encrypting DynamoDbClient dynamoDb, LearnerConfiguration config, Clock clock,
                        Transactions transactions, RetentionPolicy retention) {
        this.transactions = transactions;
        this.retention = retention;
        this.dynamoDb = dynamoDb;
        this.profilesTable = config.getProfilesTable();
        this.lookupTable = config.getLookupTable();
        this.clock = clock;
    }

    /**
     * Stores a new pending profile and claims its email, with the caller's other writes, all or
     * nothing. Returns false, having written nothing, when the email already belongs to a learner
     * (confirmed, or pending and not yet lapsed).
     */
    public boolean createPending(Profile profile, Writes alongside) {
        alongside.add(TransactWriteItem.builder().put(put -> put
                .tableName(profilesTable)
                .item(item(profile))
                .conditionExpression("attribute_not_exists(" + PROFILE_ID + ")")).build());
        alongside.add(claimEmail(profile));
        return transactions.write(alongside);
    }

    /**
     * Replaces a signup that waits for verification with a later one for the same email, under a new
     * profile id: the later details and consent stand, and every link sent for the earlier signup
     * dies with it (its tokens name a profile that no longer exists). Returns false, having written
     * nothing, if the earlier signup was verified or replaced meanwhile.
     */
    public boolean replacePending(EmailLookup earlier, Profile next, Writes alongside) {
        alongside.add(TransactWriteItem.builder().delete(delete -> delete
                .tableName(profilesTable)
                .key(Map.of(PROFILE_ID, s(earlier.profileId())))
                .conditionExpression("#status = :pending")
                .expressionAttributeNames(Map.of("#status", STATUS))
                .expressionAttributeValues(Map.of(":pending", s(ProfileStatus.PENDING_VERIFICATION.name()))))
                .build());
        alongside.add(TransactWriteItem.builder().put(put -> put
                .tableName(profilesTable)
                .item(item(next))
                .conditionExpression("attribute_not_exists(" + PROFILE_ID + ")")).build());
        alongside.add(takeOverEmail(earlier.profileId(), next));
        return transactions.write(alongside);
    }

    /**
     * Replaces a profile with its next state, with the caller's other writes, all or nothing.
     * Returns false, having written nothing, if the profile changed since {@code current} was read
     * or another write's condition failed (a token used meanwhile, say).
     */
    public boolean replace(Profile current, Profile next, Writes alongside) {
        alongside.add(replaceItem(current, next));
        return commit(next, alongside);
    }

    /** Marks a pending profile as confirmed, and its email lookup item with it. */
    public boolean activate(Profile pending, Writes alongside) {
        return activate(pending, pending, alongside);
    }

    /** Marks a pending profile as confirmed with the changes of {@code confirmed} (the last confirmation's answers). */
    public boolean activate(Profile pending, Profile confirmed, Writes alongside) {
        Profile active = confirmed.verified(clock.instant());
        alongside.add(replaceItem(pending, active));
        alongside.add(takeOverEmail(active.profileId(), active));
        return commit(active, alongside);
    }

    /**
     * Replaces a confirmed profile with a next state of another status (suspended, or restored) and its email
     * lookup item with it, which carries the status the public forms and sign-in links read.
     */
    public boolean replaceWithLookup(Profile current, Profile next, Writes alongside) {
        alongside.add(replaceItem(current, next));
        alongside.add(takeOverEmail(current.profileId(), next));
        return commit(next, alongside);
    }

    /**
     * Makes the pending email the learner's: the lookup item moves from the old address to the new
     * in the same transaction. Returns false if the new address was claimed meanwhile.
     */
    public boolean confirmPendingEmail(Profile current, Writes alongside) {
        return moveEmail(current, current.withPendingEmailConfirmed(clock.instant()), alongside);
    }

    /** Keeps the address a confirmed change replaces, encrypted, until the undo window ends (TTL then). */
    public TransactWriteItem keepPreviousEmail(String profileId, PreviousEmail previous) {
        return TransactWriteItem.builder().put(put -> put
                .tableName(profilesTable)
                .item(Map.of(
                        PROFILE_ID, s(ProfileAttributes.previousEmailItemId(profileId)),
                        ProfileAttributes.EMAIL, s(previous.email().value()),
                        ProfileAttributes.EMAIL_LOOKUP_KEY, s(previous.emailLookupKey()),
                        EXPIRES_AT, epochSeconds(previous.until())))).build();
    }

    /** The address the profile's last confirmed change replaced, while its undo link lives. */
    public Optional<PreviousEmail> findPreviousEmail(String profileId) {
        return verifiedItem(ProfileAttributes.previousEmailItemId(profileId), profileId)
                .map(item -> new PreviousEmail(EmailAddress.parse(item.get(ProfileAttributes.EMAIL).s()),
                        item.get(ProfileAttributes.EMAIL_LOOKUP_KEY).s(),
                        instant(item.get(EXPIRES_AT))))
                .filter(previous -> previous.isLive(clock.instant()));
    }

    /**
     * Puts the previous email back: the profile, its email lookup item moved back (claimed only if
     * nobody holds the old address), and the caller's writes, in one transaction.
     */
    public boolean restoreEmail(Profile current, PreviousEmail previous, Writes alongside) {
        return moveEmail(current, current.withEmailRestored(previous, clock.instant()), alongside);
    }

    /** The profile rewritten with another email, and the email's lookup item moved with it, in one transaction. */
    private boolean moveEmail(Profile current, Profile next, Writes alongside) {
        alongside.add(replaceItem(current, next));
        alongside.add(TransactWriteItem.builder().delete(delete -> delete
                .tableName(lookupTable)
                .key(Map.of(LOOKUP_KEY, s(current.emailLookupKey())))
                .conditionExpression("#profile = :profile")
                .expressionAttributeNames(Map.of("#profile", PROFILE_ID))
                .expressionAttributeValues(Map.of(":profile", s(current.profileId())))).build());
        alongside.add(claimEmail(next));
        return commit(next, alongside);
    }

    /**
     * Writes a profile's transaction; a write whose answer was lost is recognised by the profile read
     * back, since its version and time of change are this write's: it is answered as done instead of
     * as a 503 or a stale version.
     */
    private boolean commit(Profile next, Writes writes) {
        return transactions.commit(next.profileId(), writes, () -> committed(next));
    }

    private boolean committed(Profile next) {
        try {
            return find(next.profileId()).filter(stored -> stored.version() == next.version()
                    && stored.updatedAt().equals(next.updatedAt())).isPresent();
        } catch (RuntimeException stillUnknown) {
            return false;
        }
    }

    /** The profile, decrypted and verified; an item changed outside this system is an {@link IntegrityFailure}. */
    public Optional<Profile> find(String profileId) {
        return verifiedItem(profileId, profileId).map(ProfileAttributes::fromItem);
    }

    /** An item of the profiles table, read consistently, decrypted and verified; empty if there is none. */
    private Optional<Map<String, AttributeValue>> verifiedItem(String itemId, String profileId) {
        Map<String, AttributeValue> item;
        try {
            item = dynamoDb.getItem(request -> request.tableName(profilesTable)
                    .key(Map.of(PROFILE_ID, s(itemId)))
                    .consistentRead(true)).item();
        } catch (SdkException e) {
            throw IntegrityFailure.of(e, profileId);
        }
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** What a read of several profiles found: the profiles that exist, and the ids whose items failed their check. */
    public record ProfilesRead(List<Profile> found, List<String> unreadable) {
    }

    /**
     * The profiles that exist among these ids (at most 100), read in one strongly consistent batch. One
     * item that fails its integrity check fails the whole batch, so the batch is then read again item by
     * item: only that item is left out, named in {@link ProfilesRead#unreadable()}.
     */
    public ProfilesRead findAll(List<String> profileIds) {
        List<String> ids = profileIds.stream().distinct().toList();
        try {
            return new ProfilesRead(Batches.getAll(dynamoDb, profilesTable,
                            ids.stream().map(id -> Map.of(PROFILE_ID, s(id))).toList())
                    .stream().map(ProfileAttributes::fromItem).toList(), List.of());
        } catch (SdkException e) {
            if (!IntegrityFailure.isRefusedItem(e)) {
                throw e;
            }
        }
        List<Profile> found = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (String id : ids) {
            try {
                find(id).ifPresent(found::add);
            } catch (IntegrityFailure failure) {
                unreadable.add(id);
            }
        }
        return new ProfilesRead(List.copyOf(found), List.copyOf(unreadable));
    }

    public Optional<EmailLookup> findEmail(String emailLookupKey) {
        var item = dynamoDb.getItem(request -> request.tableName(lookupTable)
                .key(Map.of(LOOKUP_KEY, s(emailLookupKey)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EmailLookup(item.get(PROFILE_ID).s(), ProfileStatus.valueOf(item.get(STATUS).s()),
                item.containsKey(EXPIRES_AT) ? instant(item.get(EXPIRES_AT)) : null));
    }

    /**
     * The learner who confirmed this email; empty when nobody has (unknown, or a signup not yet
     * confirmed). Lookup items keep the status they had at confirmation: a deactivated learner
     * still owns the address, signs in with it and may ask for deletion through it.
     */
    public Optional<EmailLookup> findConfirmedOwner(String emailLookupKey, Instant now) {
        return findOwner(emailLookupKey, now).filter(found -> found.status() == ProfileStatus.ACTIVE);
    }

    /** Whoever holds this email now, confirmed or pending; a signup that lapsed holds it no longer. */
    public Optional<EmailLookup> findOwner(String emailLookupKey, Instant now) {
        return findEmail(emailLookupKey).filter(found -> !found.isLapsed(now));
    }

    private TransactWriteItem replaceItem(Profile current, Profile next) {
        return putIf(profilesTable, item(next), VERSION, AttributeValue.fromN(Long.toString(current.version())));
    }

    /** The item of a profile, with the keys of its next retention event. */
    private Map<String, AttributeValue> item(Profile profile) {
        return ProfileAttributes.toItem(profile, retention.next(profile));
    }

    /** The email's lookup item, claimed only if no learner holds the address (or their signup lapsed). */
    private TransactWriteItem claimEmail(Profile profile) {
        return TransactWriteItem.builder().put(put -> put
                .tableName(lookupTable)
                .item(emailLookupItem(profile))
                .conditionExpression("attribute_not_exists(#key) OR #expires <= :now")
                .expressionAttributeNames(Map.of("#key", LOOKUP_KEY, "#expires", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":now", epochSeconds(clock.instant())))).build();
    }

    /** The email's lookup item rewritten for {@code next}, only if it still leads to {@code holderId}. */
    private TransactWriteItem takeOverEmail(String holderId, Profile next) {
        return putIf(lookupTable, emailLookupItem(next), PROFILE_ID, s(holderId));
    }

    /** Puts the item only if the one it replaces holds {@code expected} in {@code attribute}. */
    private static TransactWriteItem putIf(String table, Map<String, AttributeValue> item, String attribute,
                                           AttributeValue expected) {
        return TransactWriteItem.builder().put(put -> put
                .tableName(table)
                .item(item)
                .conditionExpression("#attribute = :expected")
                .expressionAttributeNames(Map.of("#attribute", attribute))
                .expressionAttributeValues(Map.of(":expected", expected))).build();
    }

    private static Map<String, AttributeValue> emailLookupItem(Profile profile) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LOOKUP_KEY, s(profile.emailLookupKey()));
        item.put(PROFILE_ID, s(profile.profileId()));
        item.put(STATUS, s(profile.status().name()));
        if (profile.expiresAt() != null) {
            item.put(EXPIRES_AT, epochSeconds(profile.expiresAt()));
        }
        return item;
    }
}
