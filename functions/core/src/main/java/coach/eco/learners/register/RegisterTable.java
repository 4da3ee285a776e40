package coach.eco.learners.register;

import software.amazon.cryptography.dbencryptionsdk.structuredencryption.model.CryptoAction;

import java.util.List;
import java.util.Map;

/**
 * The privacy desk's register table: its attributes, its indexes, and what the Database Encryption SDK
 * does with each attribute. An entry (a request, a disclosure, a breach) keeps what staff and the
 * authority's report may read in {@link #SUMMARY}, signed and in clear, and everything personal (a
 * reporter's address, staff's notes and reasons, a disclosure's reference, a breach's description and
 * its mail) in {@link #PERSONAL}, encrypted and signed like a profile's name.
 */
public final class RegisterTable {
    /** Bound into every entry's signature, whatever the table is called (as for profiles). */
    public static final String LOGICAL_TABLE_NAME = "PrivacyDeskTable";

    /** {@code request#<id>}, {@code disclosure#<id>}, {@code breach#<id>}. */
    public static final String KEY = "deskKey";
    /** {@code request}, {@code disclosure} or {@code breach}: the hash key of {@link #REGISTER}. */
    public static final String ENTRY = "entry";
    /** When the entry was recorded, ISO-8601: the range key of {@link #REGISTER}. */
    public static final String RECORDED_AT = "recordedAt";
    /** The learner the entry is about, where there is one: the hash key of {@link #BY_LEARNER}. */
    public static final String PROFILE_ID = "profileId";
    /** Set while a deadline runs ({@code request} or {@code breach}): the hash key of {@link #OPEN_BY_DUE}. */
    public static final String OPEN_QUEUE = "openQueue";
    /** The entry's next deadline, epoch seconds: the range key of {@link #OPEN_BY_DUE}. */
    public static final String NEXT_DUE_AT = "nextDueAt";
    public static final String VERSION = "version";
    /** JSON, in clear and signed: kinds, times, states, who acted; no personal data. */
    public static final String SUMMARY = "summary";
    /** JSON, encrypted and signed. */
    public static final String PERSONAL = "personal";
    /** A breach notice's learners queued so far: counted by the fan-out in place, so outside the signature. */
    public static final String LEARNERS_QUEUED = "learnersQueued";

    /** Every entry of one kind, in the order recorded: the register and the authority's report. */
    public static final String REGISTER = "Register";
    /** The entries about one learner: the disclosures their own copy lists. */
    public static final String BY_LEARNER = "ByLearner";
    /** Sparse: the entries whose deadline still runs, by when it falls: the scheduled deadline check. */
    public static final String OPEN_BY_DUE = "OpenByDue";

    public static final List<String> UNSIGNED = List.of(LEARNERS_QUEUED);

    public static final Map<String, CryptoAction> CRYPTO_ACTIONS = Map.of(
            KEY, CryptoAction.SIGN_ONLY,
            ENTRY, CryptoAction.SIGN_ONLY,
            RECORDED_AT, CryptoAction.SIGN_ONLY,
            PROFILE_ID, CryptoAction.SIGN_ONLY,
            OPEN_QUEUE, CryptoAction.SIGN_ONLY,
            NEXT_DUE_AT, CryptoAction.SIGN_ONLY,
            VERSION, CryptoAction.SIGN_ONLY,
            SUMMARY, CryptoAction.SIGN_ONLY,
            PERSONAL, CryptoAction.ENCRYPT_AND_SIGN,
            LEARNERS_QUEUED, CryptoAction.DO_NOTHING);

    private RegisterTable() {
    }
}
