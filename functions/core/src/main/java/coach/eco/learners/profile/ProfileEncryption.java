package coach.eco.learners.profile;

import coach.eco.learners.aws.Plain;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.idempotency.IdempotencyAttributes;
import coach.eco.learners.register.RegisterTable;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.DynamoDbEncryptionInterceptor;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.DynamoDbTableEncryptionConfig;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.DynamoDbTablesEncryptionConfig;
import software.amazon.cryptography.keystore.KeyStore;
import software.amazon.cryptography.keystore.model.KMSConfiguration;
import software.amazon.cryptography.keystore.model.KeyStoreConfig;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CacheType;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsHierarchicalKeyringInput;
import software.amazon.cryptography.materialproviders.model.DBEAlgorithmSuiteId;
import software.amazon.cryptography.materialproviders.model.DefaultCache;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

import java.util.Map;

/**
 * Client-side encryption of profile items with the AWS Database Encryption SDK: PII attributes are
 * encrypted and signed, every other attribute (the key included) is signed, so a ciphertext moved to
 * another item, or any attribute changed outside this code, fails to decrypt. The one exception is
 * the retention bookkeeping (ProfileAttributes.UNSIGNED), which activity and warnings update in place.
 *
 * <p>Keys come from the AWS KMS Hierarchical keyring: each item's data key is derived locally from the
 * branch key, which is fetched from the key store and unwrapped by KMS once per cache period, so a warm
 * function reads and writes profiles without calling KMS. Nothing fetches it during init, so no branch
 * key material is ever part of a SnapStart snapshot.
 */
@Factory
public class ProfileEncryption {
    /**
     * Symmetric (HMAC) signatures only: the same trusted functions write and read, so ECDSA buys
     * nothing and costs time and bytes on every item.
     */
    static final DBEAlgorithmSuiteId ALGORITHM_SUITE =
            DBEAlgorithmSuiteId.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_SYMSIG_HMAC_SHA384;

    /**
     * The name bound into every item's signature and its key derivation: fixed, not the table's
     * physical name, so that a table restored from a backup (always under a new name) still
     * decrypts. It equals the name the tables have had so far (the template's logical id), so items
     * written before need no re-encryption.
     */
    public static final String LOGICAL_TABLE_NAME = "ProfilesTable";

    private final DynamoDbEncryptionInterceptor interceptor;

    public ProfileEncryption(LearnerConfiguration config, KmsClient kms, @Plain DynamoDbClient dynamoDb) {
        long cacheSeconds = config.getBranchKeyCacheTtl().toSeconds();
        if (cacheSeconds < 1) {
            throw new IllegalArgumentException("learner.branch-key-cache-ttl must be at least one second");
        }
        KeyStore keyStore = KeyStore.builder()
                .KeyStoreConfig(KeyStoreConfig.builder()
                        .ddbClient(dynamoDb)
                        .ddbTableName(config.getKeyStoreTable())
                        .logicalKeyStoreName(config.getKeyStoreLogicalName())
                        .kmsClient(kms)
                        .kmsConfiguration(KMSConfiguration.builder().kmsKeyArn(config.getKeyStoreKeyArn()).build())
                        .build())
                .build();
        MaterialProviders materialProviders = MaterialProviders.builder()
                .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
                .build();
        IKeyring keyring = materialProviders.CreateAwsKmsHierarchicalKeyring(
                CreateAwsKmsHierarchicalKeyringInput.builder()
                        .keyStore(keyStore)
                        .branchKeyId(config.getBranchKeyId())
                        .ttlSeconds(cacheSeconds)
                        // A plain cache, not the default storm-tracking one: a Lambda instance serves
                        // one request at a time, so there is no herd of threads to spare KMS from.
                        // Room for the active branch key and the versions that old items name.
                        .cache(CacheType.builder().Default(DefaultCache.builder().entryCapacity(100).build()).build())
                        .build());
        DynamoDbTableEncryptionConfig profiles = DynamoDbTableEncryptionConfig.builder()
                .logicalTableName(LOGICAL_TABLE_NAME)
                .partitionKeyName(ProfileAttributes.PROFILE_ID)
                .attributeActionsOnEncrypt(ProfileAttributes.CRYPTO_ACTIONS)
                .allowedUnsignedAttributes(ProfileAttributes.UNSIGNED)
                .keyring(keyring)
                .algorithmSuiteId(ALGORITHM_SUITE)
                .build();
        // Stored answers may hold a session token: encrypted and signed like a profile, under the same keys.
        DynamoDbTableEncryptionConfig answers = DynamoDbTableEncryptionConfig.builder()
                .logicalTableName(IdempotencyAttributes.LOGICAL_TABLE_NAME)
                .partitionKeyName(IdempotencyAttributes.KEY)
                .attributeActionsOnEncrypt(IdempotencyAttributes.CRYPTO_ACTIONS)
                .keyring(keyring)
                .algorithmSuiteId(ALGORITHM_SUITE)
                .build();
        // The privacy desk's register: the personal part of each entry, encrypted and signed like a profile.
        DynamoDbTableEncryptionConfig register = DynamoDbTableEncryptionConfig.builder()
                .logicalTableName(RegisterTable.LOGICAL_TABLE_NAME)
                .partitionKeyName(RegisterTable.KEY)
                .attributeActionsOnEncrypt(RegisterTable.CRYPTO_ACTIONS)
                .allowedUnsignedAttributes(RegisterTable.UNSIGNED)
                .keyring(keyring)
                .algorithmSuiteId(ALGORITHM_SUITE)
                .build();
        this.interceptor = DynamoDbEncryptionInterceptor.builder()
                .config(DynamoDbTablesEncryptionConfig.builder()
                        .tableEncryptionConfigs(Map.of(config.getProfilesTable(), profiles,
                                config.getIdempotencyTable(), answers, config.getPrivacyDeskTable(), register))
                        .build())
                .build();
    }

    /** What the profiles table's client (AwsClients) encrypts and decrypts with. */
    @Singleton
    public DynamoDbEncryptionInterceptor interceptor() {
        return interceptor;
    }
}
