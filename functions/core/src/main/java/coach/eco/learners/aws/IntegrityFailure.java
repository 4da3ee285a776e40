package coach.eco.learners.aws;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.cryptography.dbencryptionsdk.structuredencryption.model.StructuredEncryptionException;

/**
 * A stored item that fails its signature or decryption check: it was changed, or ciphertext was
 * moved into it, outside this system. Not an outage: retrying cannot help, and it may be an attack,
 * so it is told apart from a service that did not answer.
 */
public class IntegrityFailure extends RuntimeException {
    private final String itemId;

    private IntegrityFailure(String itemId, Throwable cause) {
        super("stored item failed its integrity check", cause);
        this.itemId = itemId;
    }

    /** The id of the item that failed (a profile id: never personal data). */
    public String itemId() {
        return itemId;
    }

    /**
     * The failure of a read of one item, as an integrity failure when the Database Encryption SDK
     * refused the item, or as it was (a service that failed) otherwise.
     */
    public static RuntimeException of(SdkException readFailure, String itemId) {
        return isRefusedItem(readFailure) ? new IntegrityFailure(itemId, readFailure) : readFailure;
    }

    /** Whether a read failed because the Database Encryption SDK refused an item it returned. */
    public static boolean isRefusedItem(SdkException readFailure) {
        for (Throwable cause = readFailure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StructuredEncryptionException) {
                return true;
            }
        }
        return false;
    }
}
