package coach.eco.learners.aws;

import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * The DynamoDB client that encrypts on the way in and decrypts on the way out the tables encrypted
 * client-side (profiles, the idempotency answers), and passes every other table's items through as they
 * are: whole profiles are read and written through it, and so is every transaction, which may write
 * them. Using it needs the branch key, so kms:Decrypt.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface Encrypting {
}
