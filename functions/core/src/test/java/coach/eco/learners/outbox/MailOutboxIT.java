package coach.eco.learners.outbox;

import coach.eco.learners.aws.RequestDeadline;
import coach.eco.learners.deletion.DeletionAcknowledgement;
import coach.eco.learners.lookup.LookupTable;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.testing.AwsFaults;
import coach.eco.learners.testing.FunctionContext;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.Population;
import coach.eco.learners.testing.PublishedMetrics;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalAwsExtension.class)
class MailOutboxIT {
    @RegisterExtension
    static final FunctionContext UPDATE = new FunctionContext("UpdateFunction");

    @Test
    void aMailWhoseSendFailsAfterTheRequestsBudgetIsSpent_goesBackToTheOutbox_notLost() {
        MailOutbox outbox = UPDATE.bean(MailOutbox.class);
        MailOutbox.Entry entry = new MailOutbox.Entry("deletion-in-force", UUID.randomUUID().toString(), "bound");
        UPDATE.plainDynamoDb().transactWriteItems(request -> request.transactItems(outbox.put(entry)));
        // A call may start only if its whole timeout (twice the 2 s attempt timeout) fits in the budget:
        // the take at once fits in 6 s; after a send that fails 2.5 s later, no further call would.
        RequestDeadline.within(Duration.ofSeconds(6), () -> {
            outbox.deliverNow(entry, () -> {
                sleep(Duration.ofMillis(2500));
                throw SdkClientException.create("SES did not answer");
            });
            return null;
        });

        assertThat(UPDATE.plainDynamoDb().getItem(request -> request.tableName(LocalAwsExtension.aws().physicalId("LookupTable"))
                .key(Map.of(LookupTable.LOOKUP_KEY, LookupTable.outboxKey(entry.kind(), entry.profileId())))).item())
                .as("the entry, listed again for the scheduled run").isNotEmpty();
    }

    /** SES refuses the mail after the commit, and putting the entry back fails too: the mail is lost, and counted. */
    @Test
    void aSendRefused_andAFailedPutBack_loseTheMail_countedAsMailNotSent() {
        MailOutbox outbox = UPDATE.bean(MailOutbox.class);
        MailOutbox.Entry entry = new MailOutbox.Entry("deletion-in-force", UUID.randomUUID().toString(), "bound");
        UPDATE.plainDynamoDb().transactWriteItems(request -> request.transactItems(outbox.put(entry)));

        PublishedMetrics delivery = PublishedMetrics.during(() -> assertThat(AwsFaults.at("DynamoDb.PutItem LookupTable",
                AwsFaults.Fault.THROTTLED, () -> {
                    outbox.deliverNow(entry, () -> {
                        throw SdkClientException.create("SES did not answer");
                    });
                    return null;
                }).fired()).as("the put-back failed").isTrue());

        assertThat(delivery.sum(Metric.MAIL_NOT_SENT)).isEqualTo(1);
        assertThat(delivery.sum(Metric.MAIL_DEFERRED)).as("the refused send").isEqualTo(1);
        assertThat(lookupItem(LookupTable.outboxKey(entry.kind(), entry.profileId()))).as("the entry").isEmpty();
    }

    /**
     * Two acknowledgements listed five minutes apart; the run comes two days and a minute after the
     * first: that one is given up (not sent, counted, off the queue), the other is still sent.
     */
    @Test
    void anEntryListedMoreThanTwoDaysAgo_isGivenUpAndCounted_whileAYoungerOneIsSent() {
        MutableClock clock = new MutableClock();
        try (ApplicationContext outboxRun = LocalAwsExtension.contextOf("MailOutboxFunction", clock)) {
            List<Population.Member> learners = Population.deactivated(outboxRun, 2);
            Population.Member old = learners.get(0);
            Population.Member young = learners.get(1);
            list(outboxRun, old.profileId());
            clock.advance(Duration.ofMinutes(5));
            list(outboxRun, young.profileId());
            clock.advance(Duration.ofDays(2).minusMinutes(4));

            PublishedMetrics run = PublishedMetrics.during(() -> outboxRun.getBean(MailOutbox.class).deliverDue());

            assertThat(Outbox.mailTo(old.learner().email())).as("mail of the entry past two days").isEmpty();
            assertThat(lookupItem(LookupTable.outboxKey("deletion-in-force", old.profileId()))).as("its entry").isEmpty();
            assertThat(Outbox.mailTo(young.learner().email())).as("mail of the entry within two days").hasSize(1);
            assertThat(run.sum(Metric.MAIL_NOT_SENT)).as("entries given up in the run").isGreaterThanOrEqualTo(1);
        }
    }

    /**
     * The entries are due in this order: the one whose profile fails its integrity check, the one that
     * lacks what it binds to and when it expires, then two good ones. One run sends both good ones.
     */
    @Test
    void anUndecryptableAndAMalformedEntry_areParkedAndCounted_andTheEntriesAfterThemAreSentInTheSameRun() {
        MutableClock clock = new MutableClock();
        try (ApplicationContext outboxRun = LocalAwsExtension.contextOf("MailOutboxFunction", clock)) {
            // Deactivated learners: each has a deletion request in force, whose acknowledgement the outbox sends.
            List<Population.Member> learners = Population.deactivated(outboxRun, 3);
            Population.Member tampered = learners.get(0);
            list(outboxRun, tampered.profileId());
            tamper(tampered.profileId());
            clock.advance(Duration.ofSeconds(1));
            AttributeValue malformedKey = LookupTable.outboxKey("deletion-in-force", UUID.randomUUID().toString());
            UPDATE.plainDynamoDb().putItem(request -> request.tableName(lookupTable()).item(Map.of(
                    LookupTable.LOOKUP_KEY, malformedKey,
                    LookupTable.PROFILE_ID, AttributeValue.fromS(UUID.randomUUID().toString()),
                    "outboxKind", AttributeValue.fromS("deletion-in-force"),
                    "outboxQueue", AttributeValue.fromS("waiting"),
                    "outboxDueAt", AttributeValue.fromN(Long.toString(clock.instant().plus(MailOutbox.RETRY_AFTER)
                            .getEpochSecond())))));
            clock.advance(Duration.ofSeconds(1));
            learners.subList(1, 3).forEach(member -> list(outboxRun, member.profileId()));
            clock.advance(Duration.ofMinutes(3));

            PublishedMetrics run = PublishedMetrics.during(() -> outboxRun.getBean(MailOutbox.class).deliverDue());

            for (Population.Member after : learners.subList(1, 3)) {
                assertThat(Outbox.mailTo(after.learner().email())).as("mail of an entry due after the bad ones")
                        .hasSize(1);
            }
            assertThat(Outbox.mailTo(tampered.learner().email())).as("mail of a profile that fails its check").isEmpty();
            assertThat(run.sum(Metric.MAIL_PARKED)).as("entries parked").isEqualTo(2);
            assertThat(run.values(Metric.OUTBOX_OLDEST_ENTRY_AGE)).as("age of the oldest entry due, in seconds")
                    .singleElement().satisfies(age -> assertThat(age).isGreaterThanOrEqualTo(180));
            assertThat(lookupItem(malformedKey)).as("the malformed entry, kept for an operator, off the queue")
                    .containsEntry(MailOutbox.PARKED, AttributeValue.fromS("malformed")).doesNotContainKey("outboxQueue");
            assertThat(lookupItem(LookupTable.outboxKey("deletion-in-force", tampered.profileId())))
                    .containsEntry(MailOutbox.PARKED, AttributeValue.fromS("integrity-failure"))
                    .doesNotContainKey("outboxQueue");

            clock.advance(Duration.ofMinutes(5));
            assertThat(PublishedMetrics.during(() -> outboxRun.getBean(MailOutbox.class).deliverDue())
                    .sum(Metric.MAIL_PARKED)).as("parked again by the next run").isZero();
        }
    }

    /** Lists the learner's deletion acknowledgement, as the request's transaction does. */
    private static void list(ApplicationContext context, String profileId) {
        var profile = context.getBean(ProfileStore.class).find(profileId).orElseThrow();
        UPDATE.plainDynamoDb().transactWriteItems(request -> request.transactItems(
                context.getBean(DeletionAcknowledgement.class).outboxEntry(profileId, profile)));
    }

    /** Changes a signed attribute of the stored profile: every later read fails its integrity check. */
    private static void tamper(String profileId) {
        UPDATE.plainDynamoDb().updateItem(request -> request.tableName(LocalAwsExtension.aws().physicalId("ProfilesTable"))
                .key(Map.of("profileId", AttributeValue.fromS(profileId)))
                .updateExpression("SET #status = :active")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":active", AttributeValue.fromS("ACTIVE"))));
    }

    private static Map<String, AttributeValue> lookupItem(AttributeValue key) {
        return UPDATE.plainDynamoDb().getItem(request -> request.tableName(lookupTable())
                .key(Map.of(LookupTable.LOOKUP_KEY, key))).item();
    }

    private static String lookupTable() {
        return LocalAwsExtension.aws().physicalId("LookupTable");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
