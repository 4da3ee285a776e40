package coach.eco.learners.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after every other test class of a module (its subclass carries {@code @Order(Integer.MAX_VALUE)}) and reads the whole
 * run's logs: none of the names, phones or emails the tests used may appear in them. A module
 * extends this class to have its own run checked.
 */
@ExtendWith(LocalAwsExtension.class)
public abstract class LogsHoldNoPii {

    @Test
    void logsOfTheWholeRun_containNoTestPii() throws IOException {
        Set<String> pii = TestLearners.issued();
        assertThat(pii).as("the run used test learners").isNotEmpty();
        Path runLog = Path.of("target/test-logs/run.log");
        String logs = Files.readString(runLog, StandardCharsets.UTF_8);
        assertThat(logs).as("the run logged something").contains("requestId");

        for (String value : pii) {
            for (String form : List.of(value, value.toLowerCase(), Normalizer.normalize(value, Normalizer.Form.NFD))) {
                assertThat(logs).as("logs of the run").doesNotContain(form);
            }
        }
    }

    @Test
    void logsOfTheWholeRun_containNoLinkOrSessionToken() throws IOException {
        String logs = Files.readString(Path.of("target/test-logs/run.log"), StandardCharsets.UTF_8);
        Set<String> tokens = new HashSet<>(LearnerWayIn.sessionTokens());
        tokens.addAll(Outbox.tokensRead());
        Assumptions.assumeFalse(tokens.isEmpty(), "this run used no link or session token");

        assertThat(tokens).allSatisfy(token -> assertThat(logs).as("logs of the run").doesNotContain(token));
    }
}
