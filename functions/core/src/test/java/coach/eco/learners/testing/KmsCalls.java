package coach.eco.learners.testing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Counts the calls that every KMS client in this JVM makes, the functions' own included: the AWS SDK
 * adds this interceptor to every client it builds (it is listed in the test classpath's
 * software/amazon/awssdk/global/handlers/execution.interceptors), so nothing in the functions changes.
 */
public final class KmsCalls implements ExecutionInterceptor {
    private static final List<String> OPERATIONS = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if ("Kms".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            OPERATIONS.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    /** What an action returned, and the KMS operations called while it ran, in order. */
    public record Counted<T>(T result, List<String> calls) {
    }

    public static <T> Counted<T> counting(Supplier<T> action) {
        int before = OPERATIONS.size();
        T result = action.get();
        return new Counted<>(result, List.copyOf(OPERATIONS.subList(before, OPERATIONS.size())));
    }

    /** The KMS operations called while the action ran, in order ("Decrypt", "GenerateMac", ...). */
    public static List<String> during(Runnable action) {
        return counting(() -> {
            action.run();
            return null;
        }).calls();
    }

    /** How many KMS calls have been made so far, for a benchmark to divide by its requests. */
    public static int count() {
        return OPERATIONS.size();
    }
}
