package coach.eco.learners.aws;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * The base of every function invoked by a schedule, a rule or a queue (HTTP ones have
 * {@code HttpFunction}): its context is built as Lambda builds it ({@link LambdaContexts}), and every
 * log line of an invocation carries a request id, the event's own when it has one.
 */
public abstract class EventFunction<I, O> extends MicronautRequestHandler<I, O> {
    private static final String REQUEST_ID = "requestId";

    /** As Lambda builds it. */
    protected EventFunction() {
    }

    protected EventFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected final ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    @Override
    public final O execute(I input) {
        return withRequestId(requestIdOf(input), () -> handle(input));
    }

    /** What the invocation does. */
    protected abstract O handle(I input);

    /** The id on the invocation's log lines: an EventBridge event's own, else a fresh one. */
    private static String requestIdOf(Object input) {
        return input instanceof ScheduledEvent event ? event.getId() : UUID.randomUUID().toString();
    }

    /** Runs work with its log lines under requestId, then puts back the id that was there before. */
    protected static <T> T withRequestId(String requestId, Supplier<T> work) {
        String outer = MDC.get(REQUEST_ID);
        MDC.put(REQUEST_ID, requestId);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                MDC.remove(REQUEST_ID);
            } else {
                MDC.put(REQUEST_ID, outer);
            }
        }
    }
}
