package coach.eco.learners.idempotency;

import coach.eco.learners.aws.Items;
import software.amazon.cryptography.dbencryptionsdk.structuredencryption.model.CryptoAction;

import java.util.Map;

/**
 * The attributes of a key's record in the idempotency table and what the Database Encryption SDK
 * does with each: the request's fingerprint and the stored answer (which may hold a session token)
 * are encrypted; the rest, times and states, is signed.
 */
public final class IdempotencyAttributes {
    /** Bound into every record's signature, whatever the table is called (as for profiles). */
    public static final String LOGICAL_TABLE_NAME = "IdempotencyTable";

    public static final String KEY = "idempotencyKey";
    static final String STATE = "state";
    static final String CLAIM = "claim";
    static final String LOCKED_UNTIL = "lockedUntil";
    static final String EXPIRES_AT = Items.EXPIRES_AT;
    static final String FINGERPRINT = "fingerprint";
    static final String ANSWER = "answer";

    public static final Map<String, CryptoAction> CRYPTO_ACTIONS = Map.of(
            KEY, CryptoAction.SIGN_ONLY,
            STATE, CryptoAction.SIGN_ONLY,
            CLAIM, CryptoAction.SIGN_ONLY,
            LOCKED_UNTIL, CryptoAction.SIGN_ONLY,
            EXPIRES_AT, CryptoAction.SIGN_ONLY,
            FINGERPRINT, CryptoAction.ENCRYPT_AND_SIGN,
            ANSWER, CryptoAction.ENCRYPT_AND_SIGN);

    private IdempotencyAttributes() {
    }
}
