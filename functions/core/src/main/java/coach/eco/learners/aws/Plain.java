package coach.eco.learners.aws;

import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * The DynamoDB client that neither encrypts nor decrypts: for the tables the Database Encryption SDK
 * leaves alone (the lookup, audit and policy tables' hashes, ids and counts; the key store, whose branch
 * keys KMS wraps), and for the plain attributes of the profiles table, which retention and the policy
 * fan-out read and erasure deletes unread, so that those functions need no kms:Decrypt.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface Plain {
}
