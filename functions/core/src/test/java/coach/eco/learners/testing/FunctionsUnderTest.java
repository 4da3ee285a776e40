package coach.eco.learners.testing;

import io.micronaut.context.ApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The functions a test class drives, each built as the template declares it, and closed together. */
public final class FunctionsUnderTest implements AutoCloseable {
    private final List<AutoCloseable> started = new ArrayList<>();

    /** The function of this logical id, built by its handler's context constructor; {@code beans} replace the context's. */
    public <F extends AutoCloseable> F start(Function<ApplicationContext, F> handler, String logicalId, Object... beans) {
        return start(handler, logicalId, Map.of(), beans);
    }

    /** The same, with some of the template's environment variables set otherwise. */
    public <F extends AutoCloseable> F start(Function<ApplicationContext, F> handler, String logicalId,
                                             Map<String, String> overrides, Object... beans) {
        F function = handler.apply(LocalAwsExtension.contextOf(logicalId, overrides, beans));
        started.add(function);
        return function;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable function : started) {
            function.close();
        }
        started.clear();
    }
}
