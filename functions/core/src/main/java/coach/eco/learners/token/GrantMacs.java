package coach.eco.learners.token;

import coach.eco.learners.aws.KmsMacs;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The MAC a session or sign-in link item carries over what it grants, under a KMS key that only the
 * function issuing them may generate MACs with. A role that can write the lookup table but not
 * generate the MAC cannot make an item that a reader accepts, nor move one to another profile or
 * past its expiry.
 */
@Singleton
public class GrantMacs {
    /** The item attribute holding the MAC. */
    public static final String MAC = "mac";
    /** An HMAC-SHA-256 is 32 bytes: KMS is asked about no other length (it would refuse some as invalid input). */
    private static final int MAC_BYTES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(GrantMacs.class);

    private final KmsClient kms;
    private final String keyArn;
    private final Metrics metrics;

    public GrantMacs(KmsClient kms, LearnerConfiguration config, Metrics metrics) {
        this.kms = kms;
        this.keyArn = config.getLookupMacKeyArn();
        this.metrics = metrics;
    }

    /** The MAC attribute of an item granting these fields, the lookup key first (it names the kind). */
    public AttributeValue mac(List<String> granted) {
        return AttributeValue.fromB(KmsMacs.hmacSha256(kms, keyArn, message(granted)));
    }

    /**
     * Whether the item's MAC covers exactly these fields. An item without one, or with another
     * item's, is counted and logged by its kind alone (never its key, which is the token's hash).
     */
    public boolean verifies(TokenPurpose kind, Map<String, AttributeValue> item, List<String> granted) {
        AttributeValue mac = item.get(MAC);
        if (mac != null && mac.b() != null && mac.b().asByteArrayUnsafe().length == MAC_BYTES
                && KmsMacs.verifiesHmacSha256(kms, keyArn, message(granted), mac.b())) {
            return true;
        }
        LOG.warn("lookup item refused: no valid MAC kind={}", kind.name());
        metrics.count(Metric.LOOKUP_ITEMS_REFUSED);
        return false;
    }

    /** A string attribute of an item, empty if it has none: a field missing from an item its MAC covers fails the check. */
    public static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    /** Each field with its length in front, so that no two lists of fields make the same message. */
    private static String message(List<String> granted) {
        return granted.stream().map(field -> field.length() + ":" + field).collect(Collectors.joining());
    }
}
