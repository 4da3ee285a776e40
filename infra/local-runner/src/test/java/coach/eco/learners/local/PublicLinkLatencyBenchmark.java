package coach.eco.learners.local;

import coach.eco.learners.deletion.DeletionRequestFunction;
import coach.eco.learners.http.HttpFunction;
import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.account.UpdateFunction;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Prints how long the public routes that email a link (sign-in link, deletion request) take for a
 * known and an unknown email, interleaved, with the configured response floor and without it
 * (floor 0), against the local emulator. Run with infra/benchmark.sh PublicLinkLatencyBenchmark;
 * it asserts nothing.
 */
public final class PublicLinkLatencyBenchmark {
    private static final int ROUNDS = Integer.getInteger("rounds", 40);

    /** A public route, the function serving it, and its body for an email. */
    private record LinkRoute(String path, String functionId, Function<ApplicationContext, HttpFunction> handler,
                             String bodyFormat) {
    }

    private static final List<LinkRoute> ROUTES = List.of(
            new LinkRoute("/v1/sign-in-links", "UpdateFunction", UpdateFunction::new, "{\"email\": \"%s\"}"),
            new LinkRoute("/v1/deletion-requests", "DeletionRequestFunction", DeletionRequestFunction::new,
                    "{\"email\": \"%s\", \"kind\": \"delete\"}"));

    public static void main(String[] args) {
        SamTemplate template = SamTemplate.locate();
        try (LocalAws aws = LocalAws.start(template, Map.of())) {
            SignupFunction signup = new SignupFunction(aws.applicationContextOf(template.function("SignupFunction")));
            System.out.printf("public link request benchmark (local emulator, %d rounds, %s)%n",
                    ROUNDS, Runtime.version());
            for (LinkRoute route : ROUTES) {
                for (Duration floor : new Duration[] {Duration.ZERO, Duration.ofMillis(300)}) {
                    HttpFunction handler = route.handler().apply(aws.applicationContextOf(
                            template.function(route.functionId()),
                            Map.of("LEARNER_PUBLIC_RESPONSE_FLOOR", floor.toString())));
                    long[] known = new long[ROUNDS];
                    long[] unknown = new long[ROUNDS];
                    for (int i = 0; i < ROUNDS; i++) {
                        // A fresh known learner each round: the hourly limit must not turn it into "unknown".
                        TestLearners.Learner learner = TestLearners.next();
                        SignupLatencyBenchmark.call(signup, learner.signupJson(false));
                        SignupLatencyBenchmark.activate(aws, signup, learner.email());
                        known[i] = time(handler, route, learner.email());
                        unknown[i] = time(handler, route, TestLearners.next().email());
                    }
                    System.out.printf(" %s, response floor %d ms:%n", route.path(), floor.toMillis());
                    SignupLatencyBenchmark.print("known email (link sent)", known);
                    SignupLatencyBenchmark.print("unknown email (nothing)", unknown);
                    handler.close();
                }
            }
            signup.close();
        }
    }

    private static long time(HttpFunction handler, LinkRoute route, String email) {
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(ApiEvents.post(route.path(), "application/json",
                route.bodyFormat().formatted(email)), null);
        if (response.getStatusCode() != 202) {
            throw new IllegalStateException(route.path() + " answered " + response.getStatusCode());
        }
        return System.nanoTime() - start;
    }
}
