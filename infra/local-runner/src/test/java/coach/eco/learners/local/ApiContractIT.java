package coach.eco.learners.local;

import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.TestLearners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/openapi.yaml is the API's contract: requests generated from it (infra/contract-test.sh,
 * Schemathesis), valid and hostile, are answered only as it declares, signed in as learners who took
 * the real journey; and a request the API refuses gets none of its values back and stores nothing
 * (infra/contract/hooks.py, which reads the emulator's tables before and after each).
 */
@ExtendWith(LocalAwsExtension.class)
class ApiContractIT {
    private static final Pattern PROFILE_ID = Pattern.compile("\"profileId\":\"([^\"]+)\"");

    @Test
    void everyAnswerOfTheLocalApi_isOneTheOpenApiDocumentDeclares() throws Exception {
        // No deliveries in the background: the tables must hold still between a refusal's before and after.
        try (LocalApi api = new LocalApi(LocalAwsExtension.template(), LocalAwsExtension.aws(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false)) {
            checkAgainstTheDocument(api);
        }
    }

    private static void checkAgainstTheDocument(LocalApi api) throws Exception {
        LearnerJourney journey = new LearnerJourney(api.functionServing("POST /v1/profiles"),
                api.functionServing("POST /v1/sessions"));
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        Map<String, String> learners = Map.of(
                "LEARNER_SESSION", session,
                "LEARNER_SESSION_SIGN_OUT", journey.signedUpAndSignedIn(TestLearners.next()),
                "LEARNER_SESSION_SIGN_OUT_EVERYWHERE", journey.signedUpAndSignedIn(TestLearners.next()),
                "LEARNER_SESSION_DELETION", journey.signedUpAndSignedIn(TestLearners.next()),
                // Staff routes act on a learner of their own: a suspension or a restriction of the
                // signed-in learner would end the session every learner route is tested with.
                "LEARNER_PROFILE_ID", profileIdOf(journey, session),
                "STAFF_TARGET_PROFILE_ID", profileIdOf(journey, journey.signedUpAndSignedIn(TestLearners.next())));
        Path root = LocalAwsExtension.template().projectRoot();
        Path report = Files.createDirectories(root.resolve("infra/local-runner/target")).resolve("contract-test.txt");
        ProcessBuilder contractTest = new ProcessBuilder(root.resolve("infra/contract-test.sh").toString(),
                "http://127.0.0.1:" + api.port())
                .redirectErrorStream(true).redirectOutput(report.toFile());
        contractTest.environment().putAll(learners);
        contractTest.environment().put("LOCAL_AWS_ENDPOINT", LocalAwsExtension.aws().endpoint().toString());

        Process run = contractTest.start();
        // A bound, not a timing: a run that hangs fails here instead of holding the build.
        boolean finished = run.waitFor(20, TimeUnit.MINUTES);
        if (!finished) {
            run.destroyForcibly();
        }

        String output = Files.readString(report);
        assertThat(finished).as("the contract test finished; its output so far:%n%s", output).isTrue();
        assertThat(run.exitValue()).as("mismatches between the API and docs/openapi.yaml:%n%s", output).isZero();
        int routes = api.routeKeys().size();
        assertThat(output).as("every route of the template is in the document, and was tested")
                .contains(routes + " selected / " + routes + " total");
    }

    private static String profileIdOf(LearnerJourney journey, String session) {
        Matcher id = PROFILE_ID.matcher(journey.get("/v1/profiles/me", session).getBody());
        assertThat(id.find()).as("the learner's profile has an id").isTrue();
        return id.group(1);
    }
}
