package coach.eco.learners.aws;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;

/** How every table of the product writes the common kinds of attribute value. */
public final class Items {
    /** The attribute DynamoDB TTL reads on every table: the item is deleted some time after it. */
    public static final String EXPIRES_AT = "expiresAt";

    private Items() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** DynamoDB TTL reads a number of seconds since the epoch; so do the index keys of due dates. */
    public static AttributeValue epochSeconds(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }

    public static Instant instant(AttributeValue epochSeconds) {
        return Instant.ofEpochSecond(Long.parseLong(epochSeconds.n()));
    }
}
