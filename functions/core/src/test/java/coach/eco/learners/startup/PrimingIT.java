package coach.eco.learners.startup;

import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.testing.KmsCalls;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.token.OneTimeToken;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalAwsExtension.class)
class PrimingIT {
    private static ApplicationContext context;
    private static Priming priming;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void start() {
        context = LocalAwsExtension.contextOf("SignupFunction");
        priming = context.getBean(Priming.class);
        dynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
        context.close();
    }

    @Test
    void priming_sendsNoEmail_writesNoItem_andFetchesNoBranchKey() {
        AtomicInteger functionPrimed = new AtomicInteger();

        List<String> kmsCalls = KmsCalls.during(() -> priming.prime(functionPrimed::incrementAndGet));

        // One MAC of the sample address, and no Decrypt: no branch key comes near a snapshot.
        assertThat(kmsCalls).containsExactly("GenerateMac");
        assertThat(functionPrimed).hasValue(1);
        // Other test classes share the emulator: what priming would send or write is looked up by its sample.
        assertThat(LocalAwsExtension.aws().sentMail()).noneMatch(mail -> mail.to().contains(Priming.SAMPLE_ADDRESS));
        String sampleKey = context.getBean(EmailLookupKeys.class).lookupKeyOf(EmailAddress.parse(Priming.SAMPLE_ADDRESS));
        assertThat(dynamoDb.getItem(request -> request.tableName(LocalAwsExtension.aws().physicalId("LookupTable"))
                .key(Map.of("lookupKey", AttributeValue.fromS(sampleKey)))).hasItem()).isFalse();
    }

    @Test
    void withSnapStart_primingWaitsForTheCheckpoint_andTheRestoreSeedsANewTokenGenerator() throws Exception {
        AtomicInteger functionPrimed = new AtomicInteger();
        priming.afterInit(functionPrimed::incrementAndGet, true);
        assertThat(functionPrimed).hasValue(0);

        priming.checkpointHook.beforeCheckpoint(null);
        assertThat(functionPrimed).hasValue(1);

        SecureRandom inTheSnapshot = OneTimeToken.generator();
        priming.checkpointHook.afterRestore(null);
        assertThat(OneTimeToken.generator()).isNotSameAs(inTheSnapshot);
        assertThat(OneTimeToken.isWellFormed(OneTimeToken.generate().value())).isTrue();
    }

    @Test
    void withoutSnapStart_primingRunsAtTheEndOfInit() {
        AtomicInteger functionPrimed = new AtomicInteger();
        priming.afterInit(functionPrimed::incrementAndGet, false);
        assertThat(functionPrimed).hasValue(1);
    }
}
