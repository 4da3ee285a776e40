package coach.eco.learners.staff;

import coach.eco.learners.aws.KmsMacs;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.Refused;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.kms.KmsClient;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The opaque cursor of a staff list of consenting learners: where the next page starts (the last profile id
 * read), sealed with AES-256-GCM so that staff read neither that id (it may be a learner who is not listed)
 * nor can they change it, and bound to the purpose (its id is the GCM's associated data). The key is an HMAC
 * under the email index key, which never leaves KMS, of a fixed label that no email address can be (it has no
 * "@"): every instance of the function derives the same key, with one KMS call per instance, and no new key or
 * right is needed.
 */
@Singleton
public class ListCursors {
    private static final String KEY_LABEL = "consenting-learners-cursor-key/v1";
    private static final String ASSOCIATED_DATA = "consenting-learners-cursor/v1/";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int SEALED_BYTES = NONCE_BYTES + 16 + TAG_BITS / 8;
    /** Base64url without padding of the sealed bytes: nothing else is even decoded. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{" + (SEALED_BYTES * 8 + 5) / 6 + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KmsClient kms;
    private final String keyArn;
    private volatile SecretKeySpec key;

    public ListCursors(KmsClient kms, LearnerConfiguration config) {
        this.kms = kms;
        this.keyArn = config.getEmailIndexKeyArn();
    }

    /** The cursor of the page that starts after this profile, in the list of this purpose. */
    public String after(String purposeId, String profileId) {
        UUID id = UUID.fromString(profileId);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] plain = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
        byte[] sealed = ByteBuffer.allocate(SEALED_BYTES).put(nonce)
                .put(crypt(Cipher.ENCRYPT_MODE, purposeId, nonce, plain)).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    /**
     * The profile id a cursor of this purpose's list starts after; a cursor changed in any way, or minted for
     * another purpose, is refused as an invalid {@code cursor} (422).
     */
    public String open(String purposeId, String cursor) {
        if (!SHAPE.matcher(cursor).matches()) {
            throw invalid();
        }
        byte[] bytes = Base64.getUrlDecoder().decode(cursor);
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(cursor)) {
            // Its last character's unused bits changed: the same bytes, yet not the cursor given out.
            throw invalid();
        }
        ByteBuffer sealed = ByteBuffer.wrap(bytes);
        byte[] nonce = new byte[NONCE_BYTES];
        sealed.get(nonce);
        byte[] encrypted = new byte[sealed.remaining()];
        sealed.get(encrypted);
        ByteBuffer plain;
        try {
            plain = ByteBuffer.wrap(crypt(Cipher.DECRYPT_MODE, purposeId, nonce, encrypted));
        } catch (IllegalStateException tampered) {
            throw invalid();
        }
        return new UUID(plain.getLong(), plain.getLong()).toString();
    }

    private byte[] crypt(int mode, String purposeId, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD((ASSOCIATED_DATA + purposeId).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // A wrong tag on opening; nothing else can fail with the JDK's AES-GCM.
            throw new IllegalStateException("cursor does not open");
        }
    }

    private SecretKeySpec key() {
        if (key == null) {
            key = new SecretKeySpec(KmsMacs.hmacSha256(kms, keyArn, KEY_LABEL).asByteArray(), "AES");
        }
        return key;
    }

    private static Refused invalid() {
        return Refused.invalidField("cursor", FieldCode.INVALID_FORMAT);
    }
}
