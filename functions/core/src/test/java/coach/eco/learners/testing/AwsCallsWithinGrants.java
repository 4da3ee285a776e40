package coach.eco.learners.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after the other test classes of a module (its subclass carries an {@code @Order}): every AWS
 * call the functions made during the run must be in template.permissions.tsv, which TemplateIT holds
 * each role to. A call the code makes that its role would refuse in AWS fails here, not in production.
 */
@ExtendWith(LocalAwsExtension.class)
public abstract class AwsCallsWithinGrants {

    @Test
    void everyAwsCallOfTheRun_isInTheFunctionsListedPermissions() throws IOException {
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(LocalAwsExtension.template().projectRoot()
                .resolve("template.permissions.tsv"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] columns = line.split("\t");
                listed.add(columns[0] + " " + columns[1] + " " + columns[2]);
            }
        }
        Set<String> made = new TreeSet<>(AwsCallRecorder.calls());
        assertThat(made).as("the run called AWS from a function").isNotEmpty();

        made.removeAll(listed);

        assertThat(made).as("calls the functions made that template.permissions.tsv does not list").isEmpty();
    }

    /**
     * Each item the functions read or wrote in the run, by its partition key, is one their role's statements
     * allow as IAM evaluates them, LeadingKeys and Attributes conditions included: a key prefix a function uses but its role
     * leaves out (a session written by a role that may not write sessions, say) fails here.
     */
    @Test
    void everyItemCallOfTheRun_isOnAKeyItsRolesLeadingKeysAllow() {
        List<AwsCallRecorder.ItemCall> made = AwsCallRecorder.itemCalls();
        assertThat(made).as("the run read or wrote an item from a function").isNotEmpty();

        List<String> refused = made.stream()
                .filter(call -> !LocalAwsExtension.template().function(call.function())
                        .allows(call.table(), call.action(), call.partitionKey(), call.attributes()))
                .map(AwsCallRecorder.ItemCall::toString).sorted().toList();

        assertThat(refused).as("item calls the functions made that their roles' statements refuse").isEmpty();
    }
}
