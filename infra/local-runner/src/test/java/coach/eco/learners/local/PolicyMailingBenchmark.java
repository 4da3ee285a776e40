package coach.eco.learners.local;

import coach.eco.learners.policy.PolicyFanOutFunction;
import coach.eco.learners.policy.PolicyMailFunction;
import coach.eco.learners.policy.PolicyVersionStore;
import coach.eco.learners.purge.ErasureService;
import coach.eco.learners.staff.StaffFunction;
import coach.eco.learners.testing.DynamoDbTap;
import coach.eco.learners.testing.KmsCalls;
import coach.eco.learners.testing.PolicyStaff;
import coach.eco.learners.testing.Population;
import coach.eco.learners.testing.TestStaff;
import io.micronaut.context.ApplicationContext;

import java.util.List;
import java.util.Map;

/**
 * Prints the pace of the policy-change mailing through its real path, as Lambda's triggers deliver
 * it ({@link LocalTriggers}): staff publish a consent version through the staff function, the
 * EventBridge rule's event reaches the fan-out, which queues every confirmed learner in SQS batches,
 * and the sender mails them through SES, its pace raised to 1,000 a second so that the emulator, not
 * the pace, is what is measured. The learners are written first, {@code -Dlearners} in all (2,000 by
 * default): 85 % active, 7.5 % deactivated, 2.5 % due for erasure and erased after they were queued,
 * 5 % unverified. Starts an emulator of its own, which stops with it (every confirmed learner in the
 * table is mailed); it refuses to run while one runs in this work tree: {@code infra/local-aws.sh
 * stop} first. Run with infra/benchmark.sh PolicyMailingBenchmark [-Dlearners=2000]; it is a program,
 * not a test: it asserts nothing.
 */
public final class PolicyMailingBenchmark {
    private static final int LEARNERS = Integer.getInteger("learners", 2_000);
    private static final Map<String, String> FAST_SENDER = Map.of("LEARNER_POLICY_MAILS_PER_SECOND", "1000");
    /** Writing the learners is set-up: no call timeout a loaded emulator could reach. */
    private static final Map<String, String> UNHURRIED = Map.of("LEARNER_AWS_CALL_TIMEOUT", "PT60S");

    public static void main(String[] args) {
        double loadBefore = RetentionScaleBenchmark.loadAverage();
        SamTemplate template = SamTemplate.locate();
        try (LocalAws aws = LocalAws.startOwn(template, Map.of("StaffRoleArns", TestStaff.ROLE));
             ApplicationContext setUp = aws.applicationContextOf(template.function("PolicyFunction"), UNHURRIED);
             StaffFunction staffFunction = new StaffFunction(aws.applicationContextOf(template.function("StaffFunction")));
             PolicyFanOutFunction fanOut = new PolicyFanOutFunction(
                     aws.applicationContextOf(template.function("PolicyFanOutFunction")));
             PolicyMailFunction sender = new PolicyMailFunction(
                     aws.applicationContextOf(template.function("PolicyMailFunction"), FAST_SENDER));
             LocalTriggers publicationOnly = new LocalTriggers(template, aws, Map.of("PolicyFanOutFunction", fanOut));
             LocalTriggers allTriggers = new LocalTriggers(template, aws,
                     Map.of("PolicyFanOutFunction", fanOut, "PolicyMailFunction", sender))) {
            long writeStart = System.nanoTime();
            int active = Population.active(setUp, LEARNERS * 1_700 / 2_000).size();
            int deactivated = Population.deactivated(setUp, LEARNERS * 150 / 2_000).size();
            List<Population.Member> erased = Population.dueForErasure(setUp, LEARNERS * 50 / 2_000);
            int unverified = Population.unverified(setUp, LEARNERS * 100 / 2_000).size();
            double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
            int mailsBefore = aws.sentMail().size();

            String versionId = new PolicyStaff(staffFunction).published("consent");
            int kmsBefore = KmsCalls.count();
            DynamoDbTap.resetItemsRead();
            long fanOutStart = System.nanoTime();
            publicationOnly.deliverPending();
            double fanOutSeconds = (System.nanoTime() - fanOutStart) / 1e9;
            // Queued, then erased by the purge before their batch is mailed: not timed, not counted.
            int kmsFanOut = KmsCalls.count() - kmsBefore;
            long itemsReadFanOut = DynamoDbTap.itemsRead();
            ErasureService erasure = setUp.getBean(ErasureService.class);
            erased.forEach(member -> erasure.erase(member.profileId()));
            int kmsBeforeSending = KmsCalls.count();
            DynamoDbTap.resetItemsRead();
            long sendStart = System.nanoTime();
            int invocations = allTriggers.deliverPending();
            double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
            int kmsCalls = kmsFanOut + KmsCalls.count() - kmsBeforeSending;
            long itemsRead = itemsReadFanOut + DynamoDbTap.itemsRead();

            PolicyVersionStore.Counts counts = setUp.getBean(PolicyVersionStore.class).counts(versionId);
            int outbox = aws.sentMail().size() - mailsBefore;
            double seconds = fanOutSeconds + sendSeconds;
            System.out.printf("policy mailing (local emulator, sender's pace raised to 1,000 a second, %s)%n",
                    Runtime.version());
            System.out.printf("  learners written:  %,d in %.1f s (%,d active, %,d deactivated, %,d due for erasure"
                            + " and erased after queuing, %,d unverified)%n", active + deactivated + erased.size()
                            + unverified, writeSeconds, active, deactivated, erased.size(), unverified);
            System.out.printf("  version %s: %,d queued, %,d sent, %,d failed; %,d in the emulator's outbox%n",
                    versionId, counts.queued(), counts.sent(), counts.failed(), outbox);
            System.out.printf("  %,d emails in %.1f s (fan-out %.1f s, %d sender invocations %.1f s):"
                    + " %.1f emails per second%n", counts.sent(), seconds, fanOutSeconds, invocations,
                    sendSeconds, counts.sent() / seconds);
            System.out.printf("  KMS calls: %d, %.2f per 1,000 emails; DynamoDB items read: %,d, %.2f per email%n",
                    kmsCalls, kmsCalls * 1_000.0 / counts.sent(), itemsRead, (double) itemsRead / counts.sent());
            System.out.printf("  load average (1 min): %.1f at the start, %.1f at the end%n", loadBefore,
                    RetentionScaleBenchmark.loadAverage());
            System.out.printf("  command: infra/benchmark.sh PolicyMailingBenchmark -Dlearners=%d%n", LEARNERS);
        }
    }
}
