package coach.eco.learners.aws;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The time an HTTP request may spend, so that it ends inside the function's timeout on its own
 * terms. Every AWS client carries this interceptor: a call that could not finish (its whole
 * timeout, retries included) before the request's deadline is not started. Before the commit that
 * is a 503 with nothing written; after it, the follow-up work (mail) is left to the outbox.
 */
public final class RequestDeadline implements ExecutionInterceptor {
    private static final ThreadLocal<Instant> DEADLINE = new ThreadLocal<>();

    /** Thrown instead of starting a call that could outlast the request's deadline. */
    public static final class Reached extends SdkClientException {
        private Reached() {
            super(SdkClientException.builder().message("request deadline reached before an AWS call"));
        }
    }

    private final Duration callTimeout;

    RequestDeadline(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    /** Runs the request with its deadline set for every AWS call it makes on this thread. */
    public static <T> T within(Duration budget, Supplier<T> request) {
        DEADLINE.set(Instant.now().plus(budget));
        try {
            return request.get();
        } finally {
            DEADLINE.remove();
        }
    }

    /**
     * Runs the one call that keeps committed work from being lost (the outbox's put-back), even past
     * the deadline: the request budget leaves room for one more call before the function's timeout.
     */
    public static <T> T pastTheDeadline(Supplier<T> call) {
        Instant deadline = DEADLINE.get();
        DEADLINE.remove();
        try {
            return call.get();
        } finally {
            if (deadline != null) {
                DEADLINE.set(deadline);
            }
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Instant deadline = DEADLINE.get();
        if (deadline != null && Instant.now().plus(callTimeout).isAfter(deadline)) {
            throw new Reached();
        }
    }
}
