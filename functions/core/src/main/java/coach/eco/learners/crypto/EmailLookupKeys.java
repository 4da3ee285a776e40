package coach.eco.learners.crypto;

import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.mail.EmailAddress;
import jakarta.inject.Singleton;
import coach.eco.learners.aws.KmsMacs;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Turns a normalised email into the key of its uniqueness and lookup item: an HMAC under a KMS key
 * that never leaves KMS, so the table holds no email, and a copy of the table alone cannot be
 * searched for one.
 */
@Singleton
public class EmailLookupKeys {
    private final KmsClient kms;
    private final String keyArn;

    public EmailLookupKeys(KmsClient kms, LearnerConfiguration config) {
        this.kms = kms;
        this.keyArn = config.getEmailIndexKeyArn();
    }

    public String lookupKeyOf(EmailAddress email) {
        return LookupTable.EMAIL_PREFIX + KmsMacs.hmacSha256Hex(kms, keyArn, email.normalized());
    }
}
