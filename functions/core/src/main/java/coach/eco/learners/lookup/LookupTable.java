package coach.eco.learners.lookup;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static coach.eco.learners.aws.Items.s;

/**
 * The lookup table's layout: the key of every kind of item it holds, and the attributes they
 * share. It holds hashes and ids only, never an address or a token, so it needs no client-side
 * encryption. Every item that belongs to a learner names its profile, so that the ByProfile index
 * finds all of them for erasure; every item that lapses carries {@code expiresAt} for DynamoDB TTL.
 * The kinds of item and what each carries are listed once, in docs/architecture.md ("Data").
 */
public final class LookupTable {
    public static final String LOOKUP_KEY = "lookupKey";
    /** The profile an item belongs to: the ByProfile index's key. */
    public static final String PROFILE_ID = "profileId";
    /** Every item of one profile, by its profile id. */
    public static final String BY_PROFILE = "ByProfile";
    /** What every email lookup key starts with, so that the table tells them from tokens. */
    public static final String EMAIL_PREFIX = "email#";
    private static final String SUPPRESSED_PREFIX = "suppressed#";
    private static final String OUTBOX_PREFIX = "outbox#";

    private LookupTable() {
    }

    /** A one-time token's or a session's item: its purpose's prefix and the token's hash. */
    public static AttributeValue tokenKey(String purposePrefix, String tokenHash) {
        return s(purposePrefix + tokenHash);
    }

    public static AttributeValue hourlyCountKey(String counter, long hour) {
        return s("count#" + counter + "#" + hour);
    }

    public static AttributeValue suppressedKey(String emailLookupKey) {
        return s(SUPPRESSED_PREFIX + emailLookupKey);
    }

    /** The email lookup key a suppression item is for. */
    public static String suppressedAddress(AttributeValue suppressedKey) {
        return suppressedKey.s().substring(SUPPRESSED_PREFIX.length());
    }

    public static AttributeValue outboxKey(String kind, String profileId) {
        return s(OUTBOX_PREFIX + kind + "#" + profileId);
    }

    public static AttributeValue policyDeliveryKey(boolean reminder, String versionId, String profileId) {
        return s((reminder ? "policy-reminder#" : "policy-mail#") + versionId + "#" + profileId);
    }

    /** The delivery record of the same mail to the guardian of the learner under 16, a record of its own. */
    public static AttributeValue guardianPolicyDeliveryKey(boolean reminder, String versionId, String profileId) {
        return s(policyDeliveryKey(reminder, versionId, profileId).s() + "#guardian");
    }

    /** A breach notice's delivery to one learner: claimed before the send, so a rerun mails nobody twice. */
    public static AttributeValue breachDeliveryKey(String breachId, String profileId) {
        return s("breach-mail#" + breachId + "#" + profileId);
    }

    /** The delivery record of a mailing for one consent purpose to one learner. */
    public static AttributeValue mailingDeliveryKey(String mailingId, String profileId) {
        return s("purpose-mail#" + mailingId + "#" + profileId);
    }
}
