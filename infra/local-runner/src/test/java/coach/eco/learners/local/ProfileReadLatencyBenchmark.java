package coach.eco.learners.local;

import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.KmsCalls;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.account.UpdateFunction;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.Map;

/**
 * Prints the latency of a signed-in learner's {@code GET /v1/profiles/me} and {@code PATCH /v1/profiles/me}
 * in a warm function, interleaved, with the KMS calls each makes (counted by an interceptor on every KMS
 * client), and what the function's first request costs. Run with infra/benchmark.sh
 * ProfileReadLatencyBenchmark; it asserts nothing.
 */
public final class ProfileReadLatencyBenchmark {
    private static final int WARMUP = 30;
    private static final int ROUNDS = Integer.getInteger("rounds", 200);

    public static void main(String[] args) {
        SamTemplate template = SamTemplate.locate();
        try (LocalAws aws = LocalAws.start(template, Map.of())) {
            SignupFunction signup = new SignupFunction(aws.applicationContextOf(template.function("SignupFunction")));
            TestLearners.Learner learner = TestLearners.next();
            SignupLatencyBenchmark.call(signup, learner.signupJson(false));
            SignupLatencyBenchmark.activate(aws, signup, learner.email());

            long initStart = System.nanoTime();
            UpdateFunction update = new UpdateFunction(aws.applicationContextOf(template.function("UpdateFunction")));
            long initNanos = System.nanoTime() - initStart;
            String session = signIn(aws, update, learner.email());

            int kmsBefore = KmsCalls.count();
            long firstStart = System.nanoTime();
            APIGatewayV2HTTPResponse first = call(update, read(session), 200);
            long firstNanos = System.nanoTime() - firstStart;
            int firstKms = KmsCalls.count() - kmsBefore;
            String etag = first.getHeaders().get("etag");

            long[] reads = new long[ROUNDS];
            long[] updates = new long[ROUNDS];
            int readKms = 0;
            int updateKms = 0;
            for (int i = -WARMUP; i < ROUNDS; i++) {
                int kms = KmsCalls.count();
                long start = System.nanoTime();
                call(update, read(session), 200);
                long read = System.nanoTime() - start;
                int afterRead = KmsCalls.count();
                start = System.nanoTime();
                etag = call(update, write(session, etag, i % 2 == 0), 200).getHeaders().get("etag");
                long written = System.nanoTime() - start;
                if (i >= 0) {
                    reads[i] = read;
                    updates[i] = written;
                    readKms += afterRead - kms;
                    updateKms += KmsCalls.count() - afterRead;
                }
            }
            System.out.printf("profile read/update benchmark (local emulator, %d rounds after %d warm-up, %s)%n",
                    ROUNDS, WARMUP, Runtime.version());
            System.out.printf("  update function init:          %6.1f ms%n", initNanos / 1e6);
            System.out.printf("  first GET after sign-in:       %6.1f ms, %d KMS calls%n", firstNanos / 1e6, firstKms);
            SignupLatencyBenchmark.print("warm GET /v1/profiles/me", reads);
            SignupLatencyBenchmark.print("warm PATCH /v1/profiles/me", updates);
            System.out.printf("  KMS calls per warm GET: %.3f, per warm PATCH: %.3f%n",
                    readKms / (double) ROUNDS, updateKms / (double) ROUNDS);
            update.close();
            signup.close();
        }
    }

    static String signIn(LocalAws aws, UpdateFunction update, String email) {
        call(update, ApiEvents.post("/v1/sign-in-links", "application/json", "{\"email\": \"" + email + "\"}"), 202);
        String token = SignupLatencyBenchmark.latestToken(aws, email);
        APIGatewayV2HTTPResponse session = call(update, ApiEvents.post("/v1/sessions", "application/json",
                "{\"token\": \"" + token + "\"}"), 201);
        return LearnerJourney.field(session.getBody(), "sessionToken");
    }

    private static APIGatewayV2HTTPEvent read(String session) {
        return ApiEvents.request("GET", "/v1/profiles/me", Map.of("authorization", "Bearer " + session), null);
    }

    private static APIGatewayV2HTTPEvent write(String session, String etag, boolean marketingConsent) {
        return ApiEvents.request("PATCH", "/v1/profiles/me", Map.of("authorization", "Bearer " + session,
                "content-type", "application/json", "if-match", etag),
                "{\"marketingConsent\": " + marketingConsent + "}");
    }

    private static APIGatewayV2HTTPResponse call(UpdateFunction update, APIGatewayV2HTTPEvent event, int expected) {
        APIGatewayV2HTTPResponse response = update.handleRequest(event, null);
        if (response.getStatusCode() != expected) {
            throw new IllegalStateException(event.getRouteKey() + " answered " + response.getStatusCode());
        }
        return response;
    }
}
