package coach.eco.learners.profile;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.aws.Encrypting;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.aws.IntegrityFailure;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.TestLearners;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.cryptography.dbencryptionsdk.structuredencryption.model.StructuredEncryptionException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(LocalAwsExtension.class)
class ProfileEncryptionIT {
    private static ApplicationContext context;
    private static ProfileStore profiles;
    private static EmailLookupKeys emailKeys;
    private static DynamoDbClient plainDynamoDb;
    private static String profilesTable;

    @BeforeAll
    static void start() {
        context = LocalAwsExtension.contextOf("SignupFunction");
        profiles = context.getBean(ProfileStore.class);
        emailKeys = context.getBean(EmailLookupKeys.class);
        plainDynamoDb = DynamoDbClient.create();
        profilesTable = LocalAwsExtension.aws().physicalId("ProfilesTable");
    }

    @AfterAll
    static void stop() {
        plainDynamoDb.close();
        context.close();
    }

    @Test
    void storedProfile_readsBackDecrypted_withDiacriticsKept() {
        Profile stored = store(TestLearners.next());

        Profile read = profiles.find(stored.profileId()).orElseThrow();

        assertThat(read.fullName()).isEqualTo(stored.fullName());
        assertThat(read.phone()).isEqualTo(stored.phone());
        assertThat(read.email()).isEqualTo(stored.email());
        assertThat(read.marketingConsent()).isEqualTo(stored.marketingConsent());
    }

    @Test
    void rawTables_holdNoPlaintextNamePhoneOrEmail() {
        TestLearners.Learner learner = TestLearners.next();
        store(learner);

        StringBuilder everything = new StringBuilder();
        for (String table : new String[] {profilesTable, LocalAwsExtension.aws().physicalId("LookupTable")}) {
            plainDynamoDb.scanPaginator(request -> request.tableName(table)).items()
                    .forEach(item -> item.forEach((name, value) -> everything.append(name).append('=')
                            .append(value.s()).append(value.n())
                            // Binary attributes read as text too: a plaintext inside them would show.
                            .append(value.b() == null ? "" : new String(value.b().asByteArray(), StandardCharsets.UTF_8))
                            .append('\n')));
        }

        assertThat(everything).isNotEmpty();
        for (String pii : new String[] {learner.fullName(), learner.phoneE164(), learner.email(),
                learner.email().toLowerCase(), learner.phone()}) {
            assertThat(everything.toString()).doesNotContain(pii);
        }
    }

    @Test
    void aProfileStoredWithItsMarketingConsentOnly_readsItAsTheNewsAnswers_andIsRewrittenWithThemEncrypted() {
        Profile stored = store(TestLearners.next());
        Instant signedUp = stored.createdAt();
        Instant withdrawn = signedUp.plusSeconds(60);
        // As profiles were stored before consent was asked per purpose: the newsletter's history, signed, in clear.
        DynamoDbClient encrypting = context.getBean(DynamoDbClient.class, Qualifiers.byStereotype(Encrypting.class));
        Map<String, AttributeValue> legacy = new HashMap<>(encrypting.getItem(request -> request.tableName(profilesTable)
                .key(Map.of("profileId", AttributeValue.fromS(stored.profileId())))).item());
        legacy.remove("consents");
        legacy.put("consentHistory", AttributeValue.fromL(List.of(
                AttributeValue.fromM(Map.of("granted", AttributeValue.fromBool(true),
                        "recordedAt", AttributeValue.fromS(signedUp.toString()))),
                AttributeValue.fromM(Map.of("granted", AttributeValue.fromBool(false),
                        "policyVersion", AttributeValue.fromS("2025-01-01"),
                        "recordedAt", AttributeValue.fromS(withdrawn.toString()))))));
        encrypting.putItem(request -> request.tableName(profilesTable).item(legacy));

        Profile read = profiles.find(stored.profileId()).orElseThrow();

        assertThat(read.consents()).containsExactly(
                new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, true, signedUp, PurposeAnswer.Channel.SIGNUP_FORM, null),
                new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, false, withdrawn, null, "2025-01-01"));
        assertThat(read.marketingConsent().granted()).isFalse();
        assertThat(read.consentsTo(ConsentPurpose.NEWS_AND_OFFERS)).isFalse();

        Instant now = withdrawn.plusSeconds(60);
        Profile answered = read.edited(read.fullName(), read.phone(), List.of(new PurposeAnswer(ConsentPurpose.SURVEYS,
                true, now, PurposeAnswer.Channel.PROFILE, null)), null, null, now);
        assertThat(profiles.replace(read, answered, new Writes())).isTrue();

        assertThat(rawItem(stored.profileId())).doesNotContainKey("consentHistory")
                .hasEntrySatisfying("consents", value -> assertThat(value.b()).as("encrypted").isNotNull());
        assertThat(profiles.find(stored.profileId()).orElseThrow().consents()).hasSize(3);
    }

    @Test
    void encryptedAttribute_copiedIntoAnotherProfile_failsToDecrypt() {
        Profile victim = store(TestLearners.next());
        Profile other = store(TestLearners.next());
        Map<String, AttributeValue> victimItem = rawItem(victim.profileId());
        Map<String, AttributeValue> tampered = new HashMap<>(rawItem(other.profileId()));
        tampered.put("fullName", victimItem.get("fullName"));
        plainDynamoDb.putItem(request -> request.tableName(profilesTable).item(tampered));

        // The decrypting interceptor checks the item's signature before it decrypts anything.
        assertThatThrownBy(() -> profiles.find(other.profileId()))
                .isInstanceOfSatisfying(IntegrityFailure.class,
                        failure -> assertThat(failure.itemId()).isEqualTo(other.profileId()))
                .cause().isInstanceOf(SdkClientException.class)
                .cause().isInstanceOf(StructuredEncryptionException.class)
                .hasMessage("Signature of record does not match the signature computed when the record was encrypted.");
        assertThat(profiles.find(victim.profileId())).isPresent();
    }

    @Test
    void itemsWrittenBeforeTheBranchKeyIsRotated_stillDecrypt_andNewItemsUseItsNewVersion() {
        Profile before = store(TestLearners.next());

        String newVersion = LocalAwsExtension.aws().versionBranchKey();

        try (ApplicationContext rotated = LocalAwsExtension.contextOf("SignupFunction")) {
            ProfileStore afterRotation = rotated.getBean(ProfileStore.class);
            Profile after = store(afterRotation, TestLearners.next());

            assertThat(afterRotation.find(before.profileId())).get()
                    .extracting(Profile::fullName, Profile::phone, Profile::email)
                    .containsExactly(before.fullName(), before.phone(), before.email());
            assertThat(profiles.find(after.profileId())).get()
                    .extracting(Profile::fullName, Profile::phone, Profile::email)
                    .containsExactly(after.fullName(), after.phone(), after.email());
            assertThat(headerOf(before.profileId())).doesNotContain(hex(newVersion));
            assertThat(headerOf(after.profileId())).contains(hex(newVersion));
        }
    }

    /**
     * The header's second byte is its format flavour: 0x00 for the suite signed with HMACs alone
     * (ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_SYMSIG_HMAC_SHA384), 0x01 for the one with ECDSA too.
     */
    @Test
    void storedItems_areSignedWithHmacsOnly_noEcdsaSignature() {
        Profile stored = store(TestLearners.next());

        byte[] header = rawItem(stored.profileId()).get("aws_dbe_head").b().asByteArray();

        assertThat(header[1]).as("format flavour: the suite without an asymmetric signature").isZero();
    }

    /**
     * A restore always creates a table under a new name: the key store restored from a backup, and named
     * in the configuration, still unwraps the branch key that every stored item needs, because the
     * name bound into each branch key is the logical one.
     */
    @Test
    void aKeyStoreRestoredUnderAnotherName_stillServesItsBranchKeys() {
        Profile before = store(TestLearners.next());
        String keyStore = LocalAwsExtension.aws().physicalId("KeyStoreTable");
        String backup = plainDynamoDb.createBackup(request -> request.tableName(keyStore)
                .backupName("KeyStoreTable-drill")).backupDetails().backupArn();
        String restored = "KeyStoreTable-restored-" + UUID.randomUUID();
        plainDynamoDb.restoreTableFromBackup(request -> request.backupArn(backup).targetTableName(restored));

        try (ApplicationContext onTheRestoredKeyStore = LocalAwsExtension.contextOf("SignupFunction",
                Map.of("LEARNER_KEY_STORE_TABLE", restored))) {
            ProfileStore profilesThere = onTheRestoredKeyStore.getBean(ProfileStore.class);
            Profile after = store(profilesThere, TestLearners.next());

            assertThat(profilesThere.find(before.profileId())).get()
                    .extracting(Profile::fullName, Profile::email).containsExactly(before.fullName(), before.email());
            assertThat(profiles.find(after.profileId())).get()
                    .extracting(Profile::fullName, Profile::email).containsExactly(after.fullName(), after.email());
        } finally {
            plainDynamoDb.deleteTable(request -> request.tableName(restored));
        }
    }

    @Test
    void sameEmail_inAnyCase_claimsOneProfile() {
        TestLearners.Learner learner = TestLearners.next();
        assertThat(profiles.createPending(profileOf(learner, learner.email()), new Writes())).isTrue();

        assertThat(profiles.createPending(profileOf(learner, learner.email().toUpperCase()), new Writes())).isFalse();
    }

    /**
     * What the functions send KMS, recorded on the wire: with the Hierarchical keyring, only the key
     * store's unwrapping of the branch key (profile items themselves never reach KMS), under an
     * encryption context that names the key store and the branch key. KeyStoreKey's policy allows
     * the functions exactly that context.
     */
    @Test
    void kmsRequests_unwrapOnlyTheStacksBranchKey_underTheContextTheKeyPolicyExpects() {
        List<Map<String, String>> contexts = new CopyOnWriteArrayList<>();
        List<String> operations = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution execution, ExecutionAttributes attributes) {
                operations.add(execution.request().getClass().getSimpleName());
                if (execution.request() instanceof DecryptRequest request) {
                    contexts.add(request.encryptionContext());
                }
            }
        };
        LearnerConfiguration config = context.getBean(LearnerConfiguration.class);
        try (KmsClient recordingKms = KmsClient.builder()
                .overrideConfiguration(client -> client.addExecutionInterceptor(recorder)).build();
             DynamoDbClient encrypting = DynamoDbClient.builder().overrideConfiguration(client -> client
                     .addExecutionInterceptor(new ProfileEncryption(config, recordingKms, plainDynamoDb)
                             .interceptor())).build()) {
            String profileId = UUID.randomUUID().toString();
            encrypting.putItem(request -> request.tableName(profilesTable).item(Map.of(
                    "profileId", AttributeValue.fromS(profileId), "fullName", AttributeValue.fromS("Lan"))));
            encrypting.getItem(request -> request.tableName(profilesTable)
                    .key(Map.of("profileId", AttributeValue.fromS(profileId))));
        }

        assertThat(operations).isNotEmpty().containsOnly("DecryptRequest");
        assertThat(contexts).allSatisfy(sent -> assertThat(sent)
                .containsEntry("tablename", config.getKeyStoreLogicalName())
                .containsEntry("branch-key-id", config.getBranchKeyId())
                .containsEntry("aws-crypto-ec:purpose", "learner-profiles")
                .containsKeys("type", "create-time", "hierarchy-version", "kms-arn"));
    }

    private Profile store(TestLearners.Learner learner) {
        return store(profiles, learner);
    }

    private Profile store(ProfileStore store, TestLearners.Learner learner) {
        Profile profile = profileOf(learner, learner.email());
        assertThat(store.createPending(profile, new Writes())).isTrue();
        return profile;
    }

    private Profile profileOf(TestLearners.Learner learner, String email) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EmailAddress address = EmailAddress.parse(email);
        return Profile.pending(UUID.randomUUID().toString(), FullName.parse(learner.fullName()),
                PhoneNumber.parse(learner.phone()), address, emailKeys.lookupKeyOf(address),
                List.of(new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, true, now, PurposeAnswer.Channel.SIGNUP_FORM,
                        "2024-06-01")), now, now.plus(1, ChronoUnit.DAYS), null);
    }

    /** The item's encryption header, in hex: it names the branch key version that wraps the item's key. */
    private String headerOf(String profileId) {
        return HexFormat.of().formatHex(rawItem(profileId).get("aws_dbe_head").b().asByteArray());
    }

    private static String hex(String branchKeyVersion) {
        UUID version = UUID.fromString(branchKeyVersion);
        return HexFormat.of().formatHex(ByteBuffer.allocate(16).putLong(version.getMostSignificantBits())
                .putLong(version.getLeastSignificantBits()).array());
    }

    private Map<String, AttributeValue> rawItem(String profileId) {
        return plainDynamoDb.getItem(request -> request.tableName(profilesTable)
                .key(Map.of("profileId", AttributeValue.fromS(profileId)))).item();
    }
}
