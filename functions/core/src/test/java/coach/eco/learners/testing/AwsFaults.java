package coach.eco.learners.testing;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.awscore.AwsRequest;

import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes AWS calls fail while an action runs: every call of one operation, or one named call of the
 * action's (the second "DynamoDb.GetItem LookupTable" it makes, say), as a throttled or failing
 * service does once the SDK has given up retrying, as a service too slow for the call's timeout, or
 * as a connection dropped on every attempt. Calls are named by operation and table or key, never by
 * their number: a branch key fetched when the key cache expires adds calls to a request, and a
 * number would then name another call. The key store's own calls (that fetch) are neither named nor
 * failed. Every client the SDK builds in a test JVM carries this interceptor
 * (software/amazon/awssdk/global/handlers/execution.interceptors), so the functions run unchanged.
 */
public final class AwsFaults implements ExecutionInterceptor {
    /**
     * What goes wrong with a call, of two kinds the code tells apart: the service answers with an
     * error (an {@code AwsServiceException}), or no answer comes (an {@code SdkClientException}, which
     * a commit checks for its own write).
     */
    public enum Fault {
        THROTTLED("throttle"),
        SERVER_ERROR("5xx"),
        TIMED_OUT("delay past timeout"),
        CONNECTION_DROPPED("dropped connection");

        private final String label;

        Fault(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** One fault of each kind (throttled: an error answer; dropped: none): what the everyday tier walks. */
        public static List<Fault> oneOfEachKind() {
            return List.of(THROTTLED, CONNECTION_DROPPED);
        }
    }

    /**
     * How often the SDK tries a call whose connection drops: as deployed (DynamoDB's client nine times,
     * with a backoff that can last up to the call's timeout), or twice, the second reset one the SDK
     * does not retry. Either way the code meets no answer, an {@code SdkClientException}; twice saves
     * the wait where a test walks many such calls.
     */
    public enum Attempts { AS_DEPLOYED, TWO }

    /** What the action returned, and whether the named call was made (and so failed). */
    public record Faulted<T>(T result, boolean fired) {
    }

    private record Operation(String service, String operation) {
    }

    /**
     * On one thread (the request's), the calls made so far by name; the named one gets the fault, or,
     * without one, has its first attempt's answer lost.
     */
    private static final class Walk {
        final Thread thread = Thread.currentThread();
        final String call;
        final Fault fault;
        final Attempts attempts;
        final List<String> made = new ArrayList<>();
        final Map<String, Integer> seen = new HashMap<>();
        volatile boolean fired;

        Walk(String call, Fault fault, Attempts attempts) {
            this.call = call;
            this.fault = fault;
            this.attempts = attempts;
        }
    }

    /**
     * How long the SDK waits for a call that never answers: its attempt timeout, set on that call
     * alone, as short as the test can make it; the call's own timeout ends it after two attempts. The
     * Database Encryption SDK's interceptor rebuilds the requests of the encrypting client without
     * their own settings, so there the functions' configured timeouts end the call.
     */
    private static final Duration NO_ANSWER_ATTEMPT = Duration.ofMillis(250);
    private static final ExecutionAttribute<Fault> INJECTED = new ExecutionAttribute<>("injectedFault");
    private static final ExecutionAttribute<Boolean> ANSWER_LOST = new ExecutionAttribute<>("answerLost");
    private static final ExecutionAttribute<Boolean> SENT = new ExecutionAttribute<>("sent");
    private static final ExecutionAttribute<Attempts> ATTEMPTS = new ExecutionAttribute<>("faultedAttempts");
    private static final ExecutionAttribute<Boolean> DROPPED = new ExecutionAttribute<>("droppedOnce");
    private static volatile Operation throttled;
    private static volatile Walk walk;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Operation always = throttled;
        if (always != null && always.service().equalsIgnoreCase(service) && always.operation().equals(operation)) {
            throw serviceError(400, "ThrottlingException", "Rate exceeded");
        }
        Walk current = walk;
        if (current != null && current.thread == Thread.currentThread()
                && named(current, service, operation, context.request())) {
            if (current.fault == null) {
                attributes.putAttribute(ANSWER_LOST, true);
                return;
            }
            switch (current.fault) {
                case THROTTLED -> throw serviceError(400, "ThrottlingException", "Rate exceeded");
                case SERVER_ERROR -> throw serviceError(500, "InternalFailure", "The service failed");
                default -> {
                    attributes.putAttribute(INJECTED, current.fault);
                    attributes.putAttribute(ATTEMPTS, current.attempts);
                }
            }
        }
    }

    /** Counts the call in the walk; true when it is the walk's named call, which it then marks as made. */
    private static boolean named(Walk walk, String service, String operation, SdkRequest request) {
        String name = AwsCallRecorder.callName(service, operation, request);
        if (name.contains("KeyStore")) {
            return false;
        }
        int occurrence = walk.seen.merge(name, 1, Integer::sum);
        String named = occurrence == 1 ? name : name + " #" + occurrence;
        walk.made.add(named);
        if (named.equals(walk.call)) {
            walk.fired = true;
            return true;
        }
        return false;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(INJECTED) == Fault.TIMED_OUT && context.request() instanceof AwsRequest request) {
            AwsRequestOverrideConfiguration timeouts = request.overrideConfiguration()
                    .map(AwsRequestOverrideConfiguration::toBuilder).orElseGet(AwsRequestOverrideConfiguration::builder)
                    .apiCallAttemptTimeout(NO_ANSWER_ATTEMPT).apiCallTimeout(NO_ANSWER_ATTEMPT.multipliedBy(2)).build();
            return request.toBuilder().overrideConfiguration(timeouts).build();
        }
        return context.request();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        // The first attempt reached the service and did its work; only its answer is lost, and the SDK retries.
        if (Boolean.TRUE.equals(attributes.getAttribute(ANSWER_LOST)) && attributes.getAttribute(SENT) == null) {
            attributes.putAttribute(SENT, true);
            throw SdkClientException.create("connection dropped before the answer", new SocketException("Connection reset"));
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Fault fault = attributes.getAttribute(INJECTED);
        if (fault == Fault.CONNECTION_DROPPED) {
            if (attributes.getAttribute(ATTEMPTS) == Attempts.TWO && attributes.getAttribute(DROPPED) != null) {
                // No I/O cause: the SDK does not retry it.
                throw SdkClientException.builder().message("connection dropped again").build();
            }
            attributes.putAttribute(DROPPED, true);
            throw SdkClientException.create("connection dropped", new SocketException("Connection reset"));
        }
        if (fault == Fault.TIMED_OUT) {
            // Longer than any call timeout: the SDK's attempt timeout interrupts the wait.
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SdkClientException.create("no answer before the timeout", e);
            }
        }
    }

    /** Runs the action with every call of one operation ("DynamoDb", "PutItem") throttled. */
    public static <T> T throttling(String service, String operation, Supplier<T> action) {
        throttled = new Operation(service, operation);
        try {
            return action.get();
        } finally {
            throttled = null;
        }
    }

    /** Runs the action with its call of this name (as {@link #callsOf} names it) failing with the fault. */
    public static <T> Faulted<T> at(String call, Fault fault, Supplier<T> action) {
        return at(call, fault, Attempts.AS_DEPLOYED, action);
    }

    /** The same, the SDK trying a dropped connection as often as {@code attempts} says. */
    public static <T> Faulted<T> at(String call, Fault fault, Attempts attempts, Supplier<T> action) {
        return walking(new Walk(call, fault, attempts), action);
    }

    /**
     * Runs the action with the first attempt of its call of this name done by the service but its
     * answer lost (the connection dropped after the request went out): the SDK retries the call, and
     * the retry meets what the first attempt did. Returns whether the call was made.
     */
    public static <T> Faulted<T> answerLost(String call, Supplier<T> action) {
        return walking(new Walk(call, null, Attempts.AS_DEPLOYED), action);
    }

    /** The AWS calls the action makes on this thread, in order, each named as {@link #at} takes it. */
    public static List<String> callsOf(Runnable action) {
        Walk current = new Walk(null, Fault.THROTTLED, Attempts.AS_DEPLOYED);
        walking(current, () -> {
            action.run();
            return null;
        });
        return List.copyOf(current.made);
    }

    private static <T> Faulted<T> walking(Walk current, Supplier<T> action) {
        walk = current;
        try {
            T result = action.get();
            return new Faulted<>(result, current.fired);
        } finally {
            walk = null;
        }
    }

    private static AwsServiceException serviceError(int status, String code, String message) {
        return AwsServiceException.builder()
                .statusCode(status)
                .message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .build();
    }
}
