package coach.eco.learners.aws;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;

/**
 * The application context every function builds when Lambda constructs it: Lambda's environments
 * ("function", "lambda"), without the eager flags of Micronaut's Lambda builder (which cannot be
 * turned off once on). Built eagerly, every singleton of core would be, and a function would fail to
 * start for want of the settings of beans only another function uses (the policy mail queue, say);
 * built lazily, a function builds what its requests use, and priming builds the hot path's share.
 */
public final class LambdaContexts {
    private LambdaContexts() {
    }

    public static ApplicationContextBuilder builder() {
        return ApplicationContext.builder().environments("function", "lambda");
    }
}
