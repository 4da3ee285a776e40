package coach.eco.learners.account;

import coach.eco.learners.metrics.Metric;
import coach.eco.learners.testing.KmsCalls;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LearnerSetUp;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.PublishedMetrics;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions and sign-in links written into the lookup table by anyone but the function that issues
 * them, as a role with PutItem on the table could: without the MAC that the issuing function alone
 * can make, or with one copied from another item, they are refused like unknown tokens, counted, and
 * logged without the token.
 */
@ExtendWith(LocalAwsExtension.class)
class ForgedLookupItemsIT {
    private static UpdateFunction update;
    private static DynamoDbClient plainDynamoDb;
    private static LearnerJourney journey;

    @BeforeAll
    static void start() {
        update = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction"));
        journey = LearnerJourney.signingUpBy(LearnerSetUp.signups(update.getApplicationContext()), update);
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() {
        plainDynamoDb.close();
        update.close();
    }

    @Test
    void sessionWrittenWithoutItsMac_isRefusedAsUnknown_countedAndLoggedWithoutTheToken() throws IOException {
        TestLearners.Learner learner = TestLearners.next();
        String genuine = journey.signedUpAndSignedIn(learner);
        assertThat(journey.get("/v1/profiles/me", genuine).getStatusCode()).as("a normal sign-in").isEqualTo(200);
        Map<String, AttributeValue> forged = new HashMap<>(sessionItem(genuine));
        forged.remove("mac");
        OneTimeToken minted = OneTimeToken.generate();
        forged.put("lookupKey", TokenStore.keyOf(TokenPurpose.SESSION, minted));
        plainDynamoDb.putItem(request -> request.tableName(lookupTable()).item(forged));

        AtomicReference<APIGatewayV2HTTPResponse> read = new AtomicReference<>();
        PublishedMetrics metrics = PublishedMetrics.during(() -> read.set(journey.get("/v1/profiles/me", minted.value())));

        assertRefusedAsUnknownSession(read.get(), learner);
        assertThat(metrics.sum(Metric.LOOKUP_ITEMS_REFUSED)).isEqualTo(1);
        List<String> log = Files.readAllLines(Path.of("target/test-logs/run.log"), StandardCharsets.UTF_8);
        assertThat(log).anySatisfy(line -> assertThat(line).contains("lookup item refused: no valid MAC kind=SESSION"));
        assertThat(log).noneSatisfy(line -> assertThat(line).containsAnyOf(minted.value(), minted.hash()));
    }

    /** A value that cannot be an HMAC-SHA-256 (not 32 bytes) is refused without asking KMS, which would refuse some as bad input. */
    @Test
    void sessionWhoseMacIsNoMacAtAll_isRefusedAsUnknown_withoutAskingKms() {
        TestLearners.Learner learner = TestLearners.next();
        Map<String, AttributeValue> forged = new HashMap<>(sessionItem(journey.signedUpAndSignedIn(learner)));
        OneTimeToken minted = OneTimeToken.generate();
        forged.put("lookupKey", TokenStore.keyOf(TokenPurpose.SESSION, minted));
        for (AttributeValue mac : List.of(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0])),
                AttributeValue.fromB(SdkBytes.fromByteArray(new byte[7])), AttributeValue.fromS("a MAC"))) {
            forged.put("mac", mac);
            plainDynamoDb.putItem(request -> request.tableName(lookupTable()).item(forged));

            AtomicReference<APIGatewayV2HTTPResponse> read = new AtomicReference<>();
            List<String> kmsCalls = KmsCalls.during(() -> read.set(journey.get("/v1/profiles/me", minted.value())));

            assertRefusedAsUnknownSession(read.get(), learner);
            assertThat(kmsCalls).as("KMS calls for %s", mac.type()).isEmpty();
        }
    }

    @Test
    void sessionCarryingTheMacOfAnotherLearnersSession_isRefused() {
        TestLearners.Learner owner = TestLearners.next();
        TestLearners.Learner victim = TestLearners.next();
        String ownSession = journey.signedUpAndSignedIn(owner);
        String victimSession = journey.signedUpAndSignedIn(victim);
        String victimId = LearnerJourney.field(journey.get("/v1/profiles/me", victimSession).getBody(), "profileId");

        // The owner's own item, MAC and all, turned to the victim's profile.
        Map<String, AttributeValue> turned = new HashMap<>(sessionItem(ownSession));
        turned.put("profileId", AttributeValue.fromS(victimId));
        plainDynamoDb.putItem(request -> request.tableName(lookupTable()).item(turned));
        // A new token beside the victim's session, with that session's MAC copied.
        Map<String, AttributeValue> copied = new HashMap<>(sessionItem(victimSession));
        OneTimeToken minted = OneTimeToken.generate();
        copied.put("lookupKey", TokenStore.keyOf(TokenPurpose.SESSION, minted));
        plainDynamoDb.putItem(request -> request.tableName(lookupTable()).item(copied));

        assertRefusedAsUnknownSession(journey.get("/v1/profiles/me", ownSession), victim);
        assertRefusedAsUnknownSession(journey.get("/v1/profiles/me", minted.value()), victim);
        assertThat(journey.get("/v1/profiles/me", victimSession).getStatusCode()).isEqualTo(200);
    }

    @Test
    void signInLinkWrittenWithoutItsMac_orWithAnotherLinksMac_startsNoSession() {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner victim = TestLearners.next();
        journey.signedUpAndSignedIn(learner);
        String victimSession = journey.signedUpAndSignedIn(victim);
        String victimId = LearnerJourney.field(journey.get("/v1/profiles/me", victimSession).getBody(), "profileId");
        journey.requestLink(learner.email());
        String genuine = LearnerJourney.latestTokenTo(learner.email());
        Map<String, AttributeValue> genuineItem = item(TokenStore.keyOf(TokenPurpose.SIGN_IN, OneTimeToken.parseOr(genuine,
                IllegalStateException::new)));
        assertThat(genuineItem).containsKey("mac");

        OneTimeToken withoutMac = OneTimeToken.generate();
        plainDynamoDb.putItem(request -> request.tableName(lookupTable()).item(Map.of(
                "lookupKey", TokenStore.keyOf(TokenPurpose.SIGN_IN, withoutMac),
                "profileId", AttributeValue.fromS(victimId),
                "expiresAt", AttributeValue.fromN(String.valueOf(Instant.now().plus(10, ChronoUnit.MINUTES).getEpochSecond())))));
        OneTimeToken withCopiedMac = OneTimeToken.generate();
        Map<String, AttributeValue> copied = new HashMap<>(genuineItem);
        copied.put("lookupKey", TokenStore.keyOf(TokenPurpose.SIGN_IN, withCopiedMac));
        copied.put("profileId", AttributeValue.fromS(victimId));
        plainDynamoDb.putItem(request -> request.tableName(lookupTable()).item(copied));

        APIGatewayV2HTTPResponse unknown = journey.startSession(OneTimeToken.generate().value());
        for (OneTimeToken forged : List.of(withoutMac, withCopiedMac)) {
            APIGatewayV2HTTPResponse refused = journey.startSession(forged.value());
            assertThat(refused.getStatusCode()).isEqualTo(400).isEqualTo(unknown.getStatusCode());
            assertThat(withoutRequestId(refused.getBody())).isEqualTo(withoutRequestId(unknown.getBody()));
        }
        assertThat(journey.startSession(genuine).getStatusCode()).as("the genuine link still signs in").isEqualTo(201);
    }

    private static void assertRefusedAsUnknownSession(APIGatewayV2HTTPResponse read, TestLearners.Learner notShown) {
        APIGatewayV2HTTPResponse unknown = journey.get("/v1/profiles/me", OneTimeToken.generate().value());
        assertThat(read.getStatusCode()).isEqualTo(401).isEqualTo(unknown.getStatusCode());
        assertThat(withoutRequestId(read.getBody())).isEqualTo(withoutRequestId(unknown.getBody()))
                .doesNotContain(notShown.email());
    }

    private static Map<String, AttributeValue> sessionItem(String session) {
        return item(TokenStore.keyOf(TokenPurpose.SESSION, OneTimeToken.parseOr(session, IllegalStateException::new)));
    }

    private static Map<String, AttributeValue> item(AttributeValue lookupKey) {
        return plainDynamoDb.getItem(request -> request.tableName(lookupTable())
                .key(Map.of("lookupKey", lookupKey)).consistentRead(true)).item();
    }

    private static String lookupTable() {
        return LocalAwsExtension.aws().physicalId("LookupTable");
    }

    private static String withoutRequestId(String body) {
        return body.replaceAll("\"requestId\":\"[^\"]*\"", "");
    }
}
