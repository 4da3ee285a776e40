package coach.eco.learners.publiclink;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registered in a function's context, puts in place of its response floor one on time that stands
 * still: every request that goes through the floor is held for the whole floor, and recorded,
 * without anyone waiting. A test sees which requests the floor holds, not how long they took.
 */
public final class HeldRequests implements BeanCreatedEventListener<ResponseFloor> {
    public static final Duration FLOOR = Duration.ofMillis(300);

    private final List<Duration> holds = new CopyOnWriteArrayList<>();

    @Override
    public ResponseFloor onCreated(BeanCreatedEvent<ResponseFloor> event) {
        return new ResponseFloor(FLOOR, new ResponseFloor.Waits() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void sleepNanos(long nanos) {
                holds.add(Duration.ofNanos(nanos));
            }
        });
    }

    /** Sends one public request ({@code what} it is, for the failure message): accepted, and held by the floor once. */
    public void heldOnce(String what, Supplier<APIGatewayV2HTTPResponse> request) {
        assertThat(request.get().getStatusCode()).as(what).isEqualTo(202);
        assertThat(taken()).as("%s, held by the floor", what).containsExactly(FLOOR);
    }

    /** How long the floor held each request since the last call, in order. */
    private synchronized List<Duration> taken() {
        List<Duration> taken = List.copyOf(holds);
        holds.clear();
        return taken;
    }
}
