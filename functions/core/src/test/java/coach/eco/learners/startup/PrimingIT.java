package coach.eco.learners.startup;

import coach.eco.learners.testing.KmsCalls;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.token.OneTimeToken;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.security.SecureRandom;
import java.util.List;
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
        int mails = LocalAwsExtension.aws().sentMail().size();
        List<Integer> items = itemCounts();
        AtomicInteger functionPrimed = new AtomicInteger();

        List<String> kmsCalls = KmsCalls.during(() -> priming.prime(functionPrimed::incrementAndGet));

        // One MAC of a sample address, and no Decrypt: no branch key comes near a snapshot.
        assertThat(kmsCalls).containsExactly("GenerateMac");
        assertThat(functionPrimed).hasValue(1);
        assertThat(LocalAwsExtension.aws().sentMail()).hasSize(mails);
        assertThat(itemCounts()).isEqualTo(items);
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

    private static List<Integer> itemCounts() {
        return dynamoDb.listTables().tableNames().stream()
                .map(table -> dynamoDb.scan(request -> request.tableName(table).select("COUNT")).count())
                .toList();
    }
}
