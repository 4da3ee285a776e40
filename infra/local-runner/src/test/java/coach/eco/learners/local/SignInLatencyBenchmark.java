package coach.eco.learners.local;

import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.update.UpdateFunction;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.time.Duration;
import java.util.Map;

/**
 * Prints how long a sign-in link request takes for a known and an unknown email, interleaved,
 * with the configured response floor and without it (floor 0), against the local emulator.
 * Run with infra/benchmark.sh SignInLatencyBenchmark; it asserts nothing.
 */
public final class SignInLatencyBenchmark {
    private static final int ROUNDS = Integer.getInteger("rounds", 40);

    public static void main(String[] args) {
        SamTemplate template = SamTemplate.locate();
        try (LocalAws aws = LocalAws.start(template, Map.of())) {
            SignupFunction signup = new SignupFunction(aws.applicationContextOf(function(template, "SignupFunction")));
            System.out.printf("sign-in link request benchmark (local emulator, %d rounds, %s)%n",
                    ROUNDS, Runtime.version());
            for (Duration floor : new Duration[] {Duration.ZERO, Duration.ofMillis(300)}) {
                var update = new UpdateFunction(aws.applicationContextOf(function(template, "UpdateFunction"),
                        Map.of("LEARNER_PUBLIC_RESPONSE_FLOOR", floor.toString())));
                long[] known = new long[ROUNDS];
                long[] unknown = new long[ROUNDS];
                for (int i = 0; i < ROUNDS; i++) {
                    // A fresh known learner each round: the hourly link limit must not turn it into "unknown".
                    TestLearners.Learner learner = TestLearners.next();
                    SignupLatencyBenchmark.call(signup, learner.signupJson(false));
                    SignupLatencyBenchmark.activate(aws, signup, learner.email());
                    known[i] = time(update, learner.email());
                    unknown[i] = time(update, TestLearners.next().email());
                }
                System.out.printf(" response floor %d ms:%n", floor.toMillis());
                SignupLatencyBenchmark.print("known email (link sent)", known);
                SignupLatencyBenchmark.print("unknown email (nothing)", unknown);
                update.close();
            }
            signup.close();
        }
    }

    private static SamTemplate.Function function(SamTemplate template, String logicalId) {
        return template.functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst().orElseThrow();
    }

    private static long time(UpdateFunction update, String email) {
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = update.handleRequest(ApiEvents.post("/v1/sign-in-links",
                "application/json", "{\"email\": \"" + email + "\"}"), null);
        if (response.getStatusCode() != 202) {
            throw new IllegalStateException("link request answered " + response.getStatusCode());
        }
        return System.nanoTime() - start;
    }
}
