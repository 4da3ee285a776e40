package coach.eco.learners.local;

import coach.eco.learners.testing.LocalAwsExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every function of template.yaml starts as Lambda starts it: its zip unpacked, a fresh JVM, its
 * handler built by its no-argument constructor with the environment template.yaml gives it.
 * The in-process tests build handlers around a context they configure; only this shows that a
 * function's own init finds every setting it needs, and needs none it is not given.
 */
@ExtendWith(LocalAwsExtension.class)
class FunctionsStartAsLambdaStartsThemIT {

    static Stream<String> functions() {
        return LocalAwsExtension.template().functions().stream().map(SamTemplate.Function::logicalId);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void function_startsFromItsZip_withTheTemplatesEnvironmentAlone(String logicalId) throws Exception {
        Path harness = ColdStartBenchmark.copyHarness();
        ColdStartBenchmark.Target target = ColdStartBenchmark.function(LocalAwsExtension.template(),
                LocalAwsExtension.aws(), logicalId, Map.of());

        String output = ColdStartBenchmark.run(harness, target, List.of(), 0);

        assertThat(output).contains("cold-start-sample constructed " + target.handler());
    }
}
