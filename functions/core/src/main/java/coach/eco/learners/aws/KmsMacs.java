package coach.eco.learners.aws;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** HMAC-SHA-256 computed by KMS under a key that never leaves it: a table holding such hashes cannot be searched by guessing. */
public final class KmsMacs {
    private KmsMacs() {
    }

    /** The MAC of the message's UTF-8 bytes, in lower-case hex. */
    public static String hmacSha256Hex(KmsClient kms, String keyArn, String message) {
        return HexFormat.of().formatHex(hmacSha256(kms, keyArn, message).asByteArray());
    }

    /** The MAC of the message's UTF-8 bytes. */
    public static SdkBytes hmacSha256(KmsClient kms, String keyArn, String message) {
        return kms.generateMac(request -> request
                        .keyId(keyArn)
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                        .message(SdkBytes.fromString(message, StandardCharsets.UTF_8)))
                .mac();
    }

    /**
     * Whether the MAC is the message's under the key, checked by KMS (kms:VerifyMac, which cannot make
     * a MAC: a role allowed only this can check items, not forge them).
     */
    public static boolean verifiesHmacSha256(KmsClient kms, String keyArn, String message, SdkBytes mac) {
        try {
            return kms.verifyMac(request -> request
                            .keyId(keyArn)
                            .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                            .message(SdkBytes.fromString(message, StandardCharsets.UTF_8))
                            .mac(mac))
                    .macValid();
        } catch (KmsInvalidMacException wrong) {
            return false;
        }
    }
}
