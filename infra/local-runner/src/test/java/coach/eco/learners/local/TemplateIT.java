package coach.eco.learners.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** template.yaml is what gets deployed: it must lint clean and name handlers that its artifacts hold. */
class TemplateIT {
    private final SamTemplate template = SamTemplate.locate();

    @Test
    void template_passesCfnLint_withNoErrorsOrWarnings() throws Exception {
        Process lint = new ProcessBuilder("bash", template.projectRoot().resolve("infra/lint-template.sh").toString())
                .redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(lint.waitFor()).as("cfn-lint exit code; output:%n%s", output).isZero();
        assertThat(output.strip()).isEmpty();
    }

    @Test
    void everyFunction_namesAHandlerThatItsBuiltArtifactHolds() throws Exception {
        assertThat(template.functions()).isNotEmpty();
        for (SamTemplate.Function function : template.functions()) {
            Path artifact = template.projectRoot().resolve(function.codeUri());
            assertThat(artifact).as("artifact of %s (built by the package phase)", function.logicalId()).isRegularFile();
            Path unpacked = unpack(artifact);
            List<URL> classpath = new ArrayList<>(List.of(unpacked.toUri().toURL()));
            try (var jars = Files.list(unpacked.resolve("lib"))) {
                for (Path jar : jars.toList()) {
                    classpath.add(jar.toUri().toURL());
                }
            }
            // Only the artifact's own classes: the handler must load from what Lambda would get.
            try (URLClassLoader lambda = new URLClassLoader(classpath.toArray(URL[]::new),
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> handler = lambda.loadClass(function.handlerClass());
                Class<?> requestHandler = lambda.loadClass("com.amazonaws.services.lambda.runtime.RequestHandler");
                assertThat(requestHandler.isAssignableFrom(handler)).as(function.handler()).isTrue();
                assertThat(handler.getConstructor()).isNotNull();
            }
        }
    }

    @Test
    void everyFunction_isTriggered_byVersionedRoutesOrAnHourlySchedule_inVietnamTime() {
        for (SamTemplate.Function function : template.functions()) {
            assertThat(function.routes().size() + function.schedules().size()).as(function.logicalId()).isPositive();
            assertThat(function.routes()).allSatisfy(route -> assertThat(route.path()).startsWith("/v1/"));
            assertThat(function.schedules()).allSatisfy(schedule -> {
                assertThat(schedule.timezone()).isEqualTo("Asia/Ho_Chi_Minh");
                // Every hour: the 72-hour erasure deadline counts on it (see DeletionGracePeriod).
                assertThat(schedule.expression()).matches("cron\\(\\d{1,2} \\* \\* \\* \\? \\*\\)");
            });
        }
    }

    @Test
    void purge_mayNeitherDecryptNorSendMail_andNoFunctionHasWildcardOrScanRights() {
        SamTemplate.Function purge = template.functions().stream()
                .filter(function -> function.logicalId().equals("RetentionPurgeFunction")).findFirst().orElseThrow();

        assertThat(purge.policyActions()).isNotEmpty()
                .noneMatch(action -> action.startsWith("kms:") || action.startsWith("ses:"))
                .allMatch(action -> action.startsWith("dynamodb:"));
        for (SamTemplate.Function function : template.functions()) {
            assertThat(function.policyActions()).as(function.logicalId())
                    .noneMatch(action -> action.endsWith("*"))
                    .doesNotContain("dynamodb:Scan", "kms:Encrypt", "dynamodb:UpdateTable");
        }
    }

    @Test
    void onlyTheFunctionsThatEncryptProfiles_mayReadTheKeyStore_andNoneMayChangeIt() {
        List<SamTemplate.Function> keyStoreReaders = template.functions().stream()
                .filter(function -> !function.actionsOn("KeyStoreTable").isEmpty()
                        || !function.actionsOn("KeyStoreKey").isEmpty())
                .toList();

        assertThat(keyStoreReaders).extracting(SamTemplate.Function::logicalId)
                .containsExactlyInAnyOrder("SignupFunction", "UpdateFunction", "DeletionRequestFunction",
                        "InactivityWarningFunction");
        assertThat(keyStoreReaders).allSatisfy(function -> {
            assertThat(function.actionsOn("KeyStoreTable")).as(function.logicalId()).containsExactly("dynamodb:GetItem");
            assertThat(function.actionsOn("KeyStoreKey")).as(function.logicalId()).containsExactly("kms:Decrypt");
        });
        // The key that encrypts the tables at rest is DynamoDB's to use, through its service, not the functions'.
        assertThat(template.functions()).allSatisfy(function ->
                assertThat(function.actionsOn("ProfileKey")).as(function.logicalId()).isEmpty());
    }

    @Test
    void everyAlarm_notifiesTheAlarmTopic() {
        Map<String, Map<String, Object>> alarms = template.resources("AWS::CloudWatch::Alarm");

        assertThat(alarms).as("alarms of the template").hasSizeGreaterThanOrEqualTo(6);
        assertThat(template.resources("AWS::SNS::Topic")).containsKey("AlarmTopic");
        alarms.forEach((id, alarm) -> assertThat(alarm.get("AlarmActions")).as("actions of %s", id)
                .isEqualTo(List.of(Map.of("Ref", "AlarmTopic"))));
    }

    @Test
    void alarms_coverAPurgeThatDidNotRun_failingItems_overdueErasures_api5xx_andMailNotSent() {
        Map<String, Map<String, Object>> alarms = template.resources("AWS::CloudWatch::Alarm");

        assertThat(alarms.values()).extracting(alarm -> alarm.get("MetricName"))
                .contains("PurgeRuns", "RetentionItemsFailed", "ErasuresOverdue", "5xx", "MailNotSent");
        Map<String, Object> notRun = alarms.values().stream()
                .filter(alarm -> "PurgeRuns".equals(alarm.get("MetricName"))).findFirst().orElseThrow();
        assertThat(notRun).as("no run in two hours, and no data is no run")
                .containsEntry("TreatMissingData", "breaching")
                .containsEntry("ComparisonOperator", "LessThanThreshold")
                .containsEntry("Period", 3600).containsEntry("EvaluationPeriods", 2);
    }

    @Test
    void scheduledRetentionFunctions_runOneAtATime_andSendFailedRunsToAQueue() {
        Map<String, Map<String, Object>> functions = template.resources("AWS::Serverless::Function");

        for (String id : List.of("RetentionPurgeFunction", "InactivityWarningFunction")) {
            Map<String, Object> function = functions.get(id);
            assertThat(function).as(id).containsEntry("ReservedConcurrentExecutions", 1);
            Map<?, ?> onFailure = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) function.get("EventInvokeConfig"))
                    .get("DestinationConfig")).get("OnFailure");
            assertThat(onFailure.get("Type")).as(id).isEqualTo("SQS");
            assertThat(onFailure.get("Destination")).as(id).isEqualTo(Map.of("Fn::GetAtt", "RetentionFailedRuns.Arn"));
        }
    }

    private static Path unpack(Path zip) throws IOException {
        Path target = Files.createTempDirectory("lambda-artifact");
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (var in = file.getInputStream(entry)) {
                        Files.copy(in, out);
                    }
                }
            }
        }
        return target;
    }
}
