package coach.eco.learners.keystore;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.keystore.KeyStore;
import software.amazon.cryptography.keystore.model.CreateKeyInput;
import software.amazon.cryptography.keystore.model.GetActiveBranchKeyInput;
import software.amazon.cryptography.keystore.model.KMSConfiguration;
import software.amazon.cryptography.keystore.model.KeyStoreConfig;
import software.amazon.cryptography.keystore.model.KeyStoreException;
import software.amazon.cryptography.keystore.model.VersionKeyInput;

import java.util.Map;

/**
 * The stack's branch key in its key store (the table and KMS key that template.yaml declares): created
 * once per stack and versioned to rotate it. The same code creates it in the local emulator and, run by
 * {@code infra/branch-key.sh}, in AWS.
 */
public final class BranchKeys {
    /** Stored, authenticated, with every version of the branch key: what the key is for. */
    static final Map<String, String> ENCRYPTION_CONTEXT = Map.of("purpose", "learner-profiles");

    private final KeyStore keyStore;

    public BranchKeys(DynamoDbClient dynamoDb, KmsClient kms, String table, String logicalName, String kmsKeyArn) {
        this.keyStore = KeyStore.builder()
                .KeyStoreConfig(KeyStoreConfig.builder()
                        .ddbClient(dynamoDb)
                        .ddbTableName(table)
                        .logicalKeyStoreName(logicalName)
                        .kmsClient(kms)
                        .kmsConfiguration(KMSConfiguration.builder().kmsKeyArn(kmsKeyArn).build())
                        .build())
                .build();
    }

    /** Creates the branch key with this id unless it exists already; returns its active version. */
    public String createIfAbsent(String branchKeyId) {
        try {
            return activeVersion(branchKeyId);
        } catch (KeyStoreException absent) {
            try {
                keyStore.CreateKey(CreateKeyInput.builder()
                        .branchKeyIdentifier(branchKeyId)
                        .encryptionContext(ENCRYPTION_CONTEXT)
                        .build());
            } catch (RuntimeException raced) {
                // Another process may have created it meanwhile; if not, reading it fails below.
            }
            return activeVersion(branchKeyId);
        }
    }

    /**
     * Rotates the branch key: a new active version encrypts from now on (once the functions' cached
     * copy expires); items written under earlier versions still decrypt. Returns the new version.
     */
    public String version(String branchKeyId) {
        keyStore.VersionKey(VersionKeyInput.builder().branchKeyIdentifier(branchKeyId).build());
        return activeVersion(branchKeyId);
    }

    public String activeVersion(String branchKeyId) {
        return keyStore.GetActiveBranchKey(GetActiveBranchKeyInput.builder().branchKeyIdentifier(branchKeyId).build())
                .branchKeyMaterials().branchKeyVersion();
    }

    /**
     * {@code create|version TABLE LOGICAL_NAME KMS_KEY_ARN BRANCH_KEY_ID}, with the stack's outputs; the
     * AWS region and credentials come from the SDK's standard providers.
     */
    public static void main(String[] args) {
        if (args.length != 5 || !(args[0].equals("create") || args[0].equals("version"))) {
            System.err.println("usage: BranchKeys create|version KEY_STORE_TABLE KEY_STORE_LOGICAL_NAME"
                    + " KEY_STORE_KEY_ARN BRANCH_KEY_ID");
            System.exit(2);
        }
        try (DynamoDbClient dynamoDb = DynamoDbClient.create(); KmsClient kms = KmsClient.create()) {
            BranchKeys branchKeys = new BranchKeys(dynamoDb, kms, args[1], args[2], args[3]);
            String version = args[0].equals("create") ? branchKeys.createIfAbsent(args[4]) : branchKeys.version(args[4]);
            System.out.printf("branch key %s: active version %s%n", args[4], version);
        }
    }
}
