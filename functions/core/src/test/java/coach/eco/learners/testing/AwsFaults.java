package coach.eco.learners.testing;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.function.Supplier;

/**
 * Makes one AWS operation fail, as a throttled or failing service does once the SDK has given up
 * retrying, while an action runs. Every client the SDK builds in a test JVM carries this interceptor
 * (software/amazon/awssdk/global/handlers/execution.interceptors), so the functions run unchanged.
 */
public final class AwsFaults implements ExecutionInterceptor {
    private record Fault(String service, String operation) {
    }

    private static volatile Fault armed;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Fault fault = armed;
        if (fault != null && fault.service().equalsIgnoreCase(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                && fault.operation().equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            throw AwsServiceException.builder()
                    .statusCode(400)
                    .message("Rate exceeded")
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .serviceName(fault.service()).errorCode("ThrottlingException").build())
                    .build();
        }
    }

    /** Runs the action with every call of one operation ("DynamoDb", "PutItem") throttled. */
    public static <T> T throttling(String service, String operation, Supplier<T> action) {
        armed = new Fault(service, operation);
        try {
            return action.get();
        } finally {
            armed = null;
        }
    }
}
