package coach.eco.learners.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A random 256-bit token sent to the learner in a link. Only its SHA-256 hash is stored: a copy of
 * the table cannot be replayed, and the token itself is too random to guess from its hash.
 */
public record OneTimeToken(String value) {
    /** Replaced after a SnapStart restore: see {@link #reseedAfterRestore()}. */
    private static volatile SecureRandom random = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    public static OneTimeToken generate() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new OneTimeToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * Every instance restored from one snapshot would start from the generator state the snapshot
     * holds; a new generator, seeded from the restored instance's own entropy, makes their tokens
     * their own.
     */
    public static void reseedAfterRestore() {
        random = new SecureRandom();
    }

    /** The generator tokens are drawn from now. */
    public static SecureRandom generator() {
        return random;
    }

    /** Whether a string could be a token at all; anything else is refused before any lookup. */
    public static boolean isWellFormed(String candidate) {
        return candidate != null && SHAPE.matcher(candidate).matches();
    }

    /** The token a caller sent, or the caller's refusal if it cannot be a token at all. */
    public static OneTimeToken parseOr(String candidate, Supplier<? extends RuntimeException> refusal) {
        if (!isWellFormed(candidate)) {
            throw refusal.get();
        }
        return new OneTimeToken(candidate);
    }

    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "OneTimeToken[redacted]";
    }
}
