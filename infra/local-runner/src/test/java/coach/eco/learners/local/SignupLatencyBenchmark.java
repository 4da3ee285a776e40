package coach.eco.learners.local;

import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prints signup figures against the local emulator: the handler's init, its first request, and the
 * latency of a signup for a new, a pending and an active email, interleaved so that drift hits all
 * three alike. Run with infra/benchmark.sh [SignupLatencyBenchmark -Dfloor=PT0.3S]; without -Dfloor
 * the response floor is off, to measure the work itself. It is a program, not a test: it asserts nothing.
 */
public final class SignupLatencyBenchmark {
    private static final int WARMUP = 30;
    private static final int ROUNDS = Integer.getInteger("rounds", 150);

    public static void main(String[] args) {
        SamTemplate template = SamTemplate.locate();
        try (LocalAws aws = LocalAws.start(template, Map.of())) {
            SamTemplate.Function signup = template.function("SignupFunction");

            String floor = System.getProperty("floor", "PT0S");
            long initStart = System.nanoTime();
            ApplicationContext context = aws.applicationContextOf(signup, Map.of("LEARNER_PUBLIC_RESPONSE_FLOOR", floor));
            SignupFunction function = new SignupFunction(context);
            long initNanos = System.nanoTime() - initStart;
            long firstStart = System.nanoTime();
            call(function, TestLearners.next().signupJson(true));
            long firstNanos = System.nanoTime() - firstStart;

            TestLearners.Learner active = TestLearners.next();
            call(function, active.signupJson(true));
            activate(aws, function, active.email());
            TestLearners.Learner pending = TestLearners.next();
            call(function, pending.signupJson(true));

            long[] fresh = new long[ROUNDS];
            long[] known = new long[ROUNDS];
            long[] waiting = new long[ROUNDS];
            for (int i = -WARMUP; i < ROUNDS; i++) {
                long a = time(function, TestLearners.next().signupJson(true));
                long b = time(function, active.signupJson(false));
                long c = time(function, pending.signupJson(false));
                if (i >= 0) {
                    fresh[i] = a;
                    known[i] = b;
                    waiting[i] = c;
                }
            }
            System.out.printf("signup benchmark (local emulator, %d rounds after %d warm-up, response floor %s, %s)%n",
                    ROUNDS, WARMUP, floor, Runtime.version());
            System.out.printf("  init (application context, clients, keyring): %6.1f ms%n", initNanos / 1e6);
            System.out.printf("  first signup after init:                      %6.1f ms%n", firstNanos / 1e6);
            print("new email", fresh);
            print("active email (notice)", known);
            print("pending email (new link)", waiting);
            function.close();
        }
    }

    static void activate(LocalAws aws, SignupFunction function, String email) {
        function.handleRequest(ApiEvents.post("/v1/profiles/verification", "application/json",
                "{\"token\": \"" + latestToken(aws, email) + "\"}"), null);
    }

    /** The token of the link in the latest mail to this address. */
    static String latestToken(LocalAws aws, String email) {
        List<SentMail> mails = new ArrayList<>(aws.sentMail());
        String text = mails.stream().filter(mail -> mail.to().contains(email)).reduce((a, b) -> b).orElseThrow().text();
        int at = text.indexOf("#token=") + "#token=".length();
        return text.substring(at, at + 43);
    }

    private static long time(SignupFunction function, String body) {
        long start = System.nanoTime();
        call(function, body);
        return System.nanoTime() - start;
    }

    static void call(SignupFunction function, String body) {
        APIGatewayV2HTTPResponse response = function.handleRequest(
                ApiEvents.post("/v1/profiles", "application/json", body), null);
        if (response.getStatusCode() != 202) {
            throw new IllegalStateException("signup answered " + response.getStatusCode());
        }
    }

    static void print(String label, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-26s median %6.1f ms   p90 %6.1f ms   p99 %6.1f ms%n", label,
                sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 9 / 10] / 1e6,
                sorted[Math.min(sorted.length - 1, sorted.length * 99 / 100)] / 1e6);
    }
}
