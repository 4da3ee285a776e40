package coach.eco.learners.testing;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Makes AWS calls fail while an action runs: every call of one operation, or the n-th call the
 * action makes, as a throttled or failing service does once the SDK has given up retrying, as a
 * service too slow for the call's timeout, or as a connection dropped on every attempt. Every client
 * the SDK builds in a test JVM carries this interceptor
 * (software/amazon/awssdk/global/handlers/execution.interceptors), so the functions run unchanged.
 */
public final class AwsFaults implements ExecutionInterceptor {
    /** What goes wrong with a call. */
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
    }

    private record Operation(String service, String operation) {
    }

    /** The n-th call made on one thread (the request's) gets the fault; 0 counts calls only. */
    private record AtCall(Thread thread, int number, Fault fault) {
    }

    private static final ExecutionAttribute<Fault> INJECTED = new ExecutionAttribute<>("injectedFault");
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static volatile Operation throttled;
    private static volatile AtCall atCall;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Operation operation = throttled;
        if (operation != null && operation.service().equalsIgnoreCase(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                && operation.operation().equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            throw serviceError(400, "ThrottlingException", "Rate exceeded");
        }
        AtCall call = atCall;
        if (call != null && call.thread() == Thread.currentThread() && CALLS.incrementAndGet() == call.number()) {
            switch (call.fault()) {
                case THROTTLED -> throw serviceError(400, "ThrottlingException", "Rate exceeded");
                case SERVER_ERROR -> throw serviceError(500, "InternalFailure", "The service failed");
                default -> attributes.putAttribute(INJECTED, call.fault());
            }
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Fault fault = attributes.getAttribute(INJECTED);
        if (fault == Fault.CONNECTION_DROPPED) {
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

    /** Runs the action with its n-th AWS call (from 1, on this thread) failing with the fault. */
    public static <T> T atCall(int number, Fault fault, Supplier<T> action) {
        CALLS.set(0);
        atCall = new AtCall(Thread.currentThread(), number, fault);
        try {
            return action.get();
        } finally {
            atCall = null;
        }
    }

    /** How many AWS calls the action makes on this thread. */
    public static int callsOf(Runnable action) {
        atCall(0, Fault.THROTTLED, () -> {
            action.run();
            return null;
        });
        return CALLS.get();
    }

    private static AwsServiceException serviceError(int status, String code, String message) {
        return AwsServiceException.builder()
                .statusCode(status)
                .message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .build();
    }
}
