package coach.eco.learners.profile;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.itemencryptor.DynamoDbItemEncryptor;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.itemencryptor.model.DecryptItemInput;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.itemencryptor.model.DynamoDbItemEncryptorConfig;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.itemencryptor.model.EncryptItemInput;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

/**
 * Encrypts and decrypts a sample profile item in memory, with the profiles' attribute actions and
 * algorithm suite, so that a function's first real encryption finds the Database Encryption SDK
 * loaded and warm. The key is a throwaway one made here and dropped: no branch key is fetched, so no
 * key material of the stack is ever part of a SnapStart snapshot.
 */
public final class EncryptionPriming {
    private EncryptionPriming() {
    }

    public static void encryptAndDecryptSample() {
        byte[] throwaway = new byte[32];
        new SecureRandom().nextBytes(throwaway);
        IKeyring keyring = MaterialProviders.builder()
                .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build()
                .CreateRawAesKeyring(CreateRawAesKeyringInput.builder()
                        .keyNamespace("priming").keyName("throwaway")
                        .wrappingKey(ByteBuffer.wrap(throwaway))
                        .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16).build());
        DynamoDbItemEncryptor encryptor = DynamoDbItemEncryptor.builder()
                .DynamoDbItemEncryptorConfig(DynamoDbItemEncryptorConfig.builder()
                        .logicalTableName(ProfileEncryption.LOGICAL_TABLE_NAME)
                        .partitionKeyName(ProfileAttributes.PROFILE_ID)
                        .attributeActionsOnEncrypt(ProfileAttributes.CRYPTO_ACTIONS)
                        .allowedUnsignedAttributes(ProfileAttributes.UNSIGNED)
                        .keyring(keyring)
                        .algorithmSuiteId(ProfileEncryption.ALGORITHM_SUITE)
                        .build())
                .build();
        Map<String, AttributeValue> sample = Map.of(
                ProfileAttributes.PROFILE_ID, AttributeValue.fromS("priming"),
                ProfileAttributes.FULL_NAME, AttributeValue.fromS("Priming Sample"));
        Map<String, AttributeValue> encrypted = encryptor.EncryptItem(EncryptItemInput.builder()
                .plaintextItem(sample).build()).encryptedItem();
        encryptor.DecryptItem(DecryptItemInput.builder().encryptedItem(encrypted).build());
        Arrays.fill(throwaway, (byte) 0);
    }
}
