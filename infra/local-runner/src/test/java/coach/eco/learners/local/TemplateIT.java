package coach.eco.learners.local;

import coach.eco.learners.config.LearnerConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.bind.annotation.Bindable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** template.yaml is what gets deployed: it must lint clean and name handlers that its artifacts hold. */
class TemplateIT {
    private final SamTemplate template = SamTemplate.locate();

    /**
     * Least privilege, per function, per resource, per action: each role allows exactly what
     * template.permissions.tsv says its code calls. A grant that no code uses fails here.
     */
    @Test
    void everyFunctionRole_allowsExactlyTheActionsItsCodeCalls_perResource() throws IOException {
        Map<String, Set<String>> used = usedPermissions();
        assertThat(used.keySet()).as("functions in template.permissions.tsv")
                .containsExactlyInAnyOrderElementsOf(template.functions().stream().map(SamTemplate.Function::logicalId)
                        .toList());
        for (SamTemplate.Function function : template.functions()) {
            Set<String> granted = function.permissions().stream().map(SamTemplate.Permission::toString)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> unused = new TreeSet<>(granted);
            unused.removeAll(used.get(function.logicalId()));
            Set<String> missing = new TreeSet<>(used.get(function.logicalId()));
            missing.removeAll(granted);
            assertThat(unused).as("%s is granted what its code never calls", function.logicalId()).isEmpty();
            assertThat(missing).as("%s calls what its role does not allow", function.logicalId()).isEmpty();
        }
    }

    /**
     * Each role touches only the kinds of lookup item its code uses: every statement on the table's items
     * names their key prefixes (dynamodb:LeadingKeys), none allows a scan (which has no key to check), and only
     * the function that starts sessions may write one. The others that handle sessions may read, end and touch
     * them, a touch naming the last use and the expiry only, so an item it made would name no profile.
     */
    @Test
    void everyLookupTableStatement_namesItsKeyPrefixes_andOnlyTheSignInFunctionMayWriteASession() {
        Set<String> aSession = Set.of("lookupKey", "profileId", "signedInAt", "lastSeenAt", "absoluteExpiresAt",
                "expiresAt");
        for (SamTemplate.Function function : template.functions()) {
            assertThat(function.grants()).as(function.logicalId())
                    .filteredOn(grant -> grant.resources().contains("LookupTable"))
                    .allSatisfy(grant -> {
                        assertThat(grant.resources()).containsExactly("LookupTable");
                        assertThat(grant.actions()).doesNotContain("dynamodb:Scan");
                        assertThat(grant.leadingKeys()).as("LeadingKeys of %s", grant.actions()).isNotEmpty()
                                .allMatch(prefix -> prefix.matches("[a-z-]+#\\*"));
                    });
            boolean writesSessions = Stream.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem")
                    .anyMatch(action -> function.allows("LookupTable", action, "session#" + "0".repeat(64), aSession));
            assertThat(writesSessions).as("%s may write a session", function.logicalId())
                    .isEqualTo(function.logicalId().equals("UpdateFunction"));
        }
        for (String function : List.of("MailEventsFunction", "PolicyMailFunction", "PolicyFunction")) {
            assertThat(template.function(function).allows("LookupTable", "dynamodb:UpdateItem", "session#" + "0".repeat(64),
                    Set.of("lookupKey", "profileId"))).as(function).isFalse();
        }
        assertThat(template.function("MailEventsFunction").allows("LookupTable", "dynamodb:PutItem", "email#ab",
                Set.of("lookupKey", "profileId"))).as("the bounce handler writes an address's owner").isFalse();
    }

    /**
     * SAM would attach managed policies to the roles it generates (logs on every log group, and every queue
     * to a queue's consumer), which template.yaml does not show: each function has a role of its own instead.
     * Read as SAM expands it (infra/expand-template.py, SAM's own translator, with the documents of any
     * managed policy a role attaches): no role, the functions' or those SAM writes for schedules, holds a
     * queue or log right on every resource, inline or managed. Each function's own log group and queues
     * are in template.permissions.tsv, which the first test holds each role to.
     */
    @Test
    void samExpandedRoles_holdNoQueueOrLogRightOnEveryResource_andAttachNoManagedPolicy() throws Exception {
        Map<String, Object> expanded = expandedTemplate();
        Map<String, Object> documents = SamTemplate.map(expanded.get("ManagedPolicyDocuments"));
        Map<String, Set<String>> holders = new TreeMap<>();
        List<String> roles = new ArrayList<>();
        SamTemplate.map(expanded.get("Resources")).forEach((id, declared) -> {
            Map<String, Object> resource = SamTemplate.map(declared);
            if (!"AWS::IAM::Role".equals(resource.get("Type"))) {
                return;
            }
            roles.add(id);
            Map<String, Object> role = SamTemplate.map(resource.get("Properties"));
            for (Object policy : SamTemplate.list(role.getOrDefault("Policies", List.of()))) {
                if (allowsQueueOrLogRightsOnEveryResource(SamTemplate.map(SamTemplate.map(policy).get("PolicyDocument")))) {
                    holders.computeIfAbsent(id, holder -> new TreeSet<>()).add(
                            "inline " + SamTemplate.map(policy).get("PolicyName"));
                }
            }
            for (Object arn : SamTemplate.list(role.getOrDefault("ManagedPolicyArns", List.of()))) {
                holders.computeIfAbsent(id, holder -> new TreeSet<>()).add("managed " + arn
                        + (documents.containsKey(String.valueOf(arn))
                        && allowsQueueOrLogRightsOnEveryResource(SamTemplate.map(documents.get(String.valueOf(arn))))
                        ? " (queues or logs on every resource)" : ""));
            }
        });

        assertThat(roles).as("roles of the expanded template")
                .containsAll(template.functions().stream().map(function -> function.logicalId() + "Role").toList());
        assertThat(holders).as("roles with a managed policy or a queue or log right on every resource").isEmpty();
    }

    /** Whether a policy document allows a queue or log action (or every action) on every resource, or on a pattern. */
    private static boolean allowsQueueOrLogRightsOnEveryResource(Map<String, Object> document) {
        return SamTemplate.list(document.get("Statement")).stream().map(SamTemplate::map)
                .filter(statement -> "Allow".equals(statement.get("Effect")))
                .anyMatch(statement -> oneOrMany(statement.get("Action")).stream().map(String::valueOf)
                        .anyMatch(action -> action.equals("*") || action.startsWith("sqs:") || action.startsWith("logs:"))
                        && oneOrMany(statement.get("Resource")).stream().anyMatch(resource -> String.valueOf(
                                resource instanceof Map<?, ?> sub ? sub.get("Fn::Sub") : resource).contains("*")));
    }

    private static List<Object> oneOrMany(Object value) {
        return value instanceof List<?> ? SamTemplate.list(value) : List.of(value);
    }

    /** The template as SAM's translator expands it, read from infra/expand-template.py in the pinned tools. */
    private Map<String, Object> expandedTemplate() throws Exception {
        Path root = template.projectRoot();
        Process install = new ProcessBuilder("bash", root.resolve("infra/local-aws.sh").toString(), "install")
                .redirectErrorStream(true).start();
        String installed = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(install.waitFor()).as("installing the pinned tools:%n%s", installed).isZero();
        Process expand = new ProcessBuilder(root.resolve("infra/.venv/bin/python").toString(),
                root.resolve("infra/expand-template.py").toString(), root.resolve("template.yaml").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String json = new String(expand.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(expand.waitFor()).as("the SAM transform of template.yaml").isZero();
        return new org.yaml.snakeyaml.Yaml().load(json);
    }

    @Test
    void keysAndTheirAliases_outliveTheStack_andOnlyTheBreakGlassRoleMayDestroyAKey() {
        Map<String, Object> resources = SamTemplate.map(template.raw().get("Resources"));
        List<String> keysAndAliases = resources.entrySet().stream()
                .filter(entry -> String.valueOf(SamTemplate.map(entry.getValue()).get("Type")).startsWith("AWS::KMS::"))
                .map(Map.Entry::getKey).toList();
        assertThat(keysAndAliases).hasSizeGreaterThanOrEqualTo(5);
        for (String id : keysAndAliases) {
            Map<String, Object> resource = SamTemplate.map(resources.get(id));
            assertThat(resource).as(id).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
        }
        for (SamTemplate.Key key : template.keys()) {
            List<Map<String, Object>> statements = SamTemplate.list(SamTemplate.map(
                    properties(key.logicalId()).get("KeyPolicy")).get("Statement")).stream().map(SamTemplate::map).toList();
            assertThat(statements).as(key.logicalId()).anySatisfy(statement -> {
                assertThat(statement).containsEntry("Effect", "Deny");
                assertThat(SamTemplate.list(statement.get("Action")))
                        .contains("kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy");
                assertThat(SamTemplate.map(SamTemplate.map(statement.get("Condition")).get("ArnNotEquals")))
                        .containsEntry("aws:PrincipalArn", Map.of("Ref", "BreakGlassRoleArn"));
            });
            // No statement lets the account (so any admin) use a key: only administer it.
            assertThat(statements).as(key.logicalId())
                    .filteredOn(statement -> "Allow".equals(statement.get("Effect")) && statement.get("Condition") == null)
                    .allSatisfy(statement -> assertThat(SamTemplate.list(statement.get("Action")))
                            .doesNotContain("kms:*", "kms:Decrypt", "kms:GenerateDataKey", "kms:GenerateMac",
                                    "kms:VerifyMac", "kms:Encrypt", "kms:ReEncrypt*"));
        }
    }

    /**
     * A grant lets its grantee use a key past every policy here: the key store's, the email index's and
     * the lookup MAC keys allow no principal to create one, and deny it to all but the break-glass role; on the tables'
     * key only an AWS service (DynamoDB) may, for its own resources.
     */
    @Test
    void noStatementAllowsAGrant_onTheKeyStoreEmailIndexOrLookupMacKey_andOnTheTablesKeyOnlyForAwsResources() {
        for (String key : List.of("KeyStoreKey", "EmailIndexKey", "LookupMacKey")) {
            List<Map<String, Object>> statements = keyPolicy(key);
            assertThat(statements).as(key).filteredOn(statement -> "Allow".equals(statement.get("Effect")))
                    .noneSatisfy(statement -> assertThat(allows(statement, "kms:CreateGrant")).isTrue());
            assertThat(statements).as(key).anySatisfy(statement -> {
                assertThat(statement).containsEntry("Effect", "Deny");
                assertThat(allows(statement, "kms:CreateGrant")).isTrue();
                assertThat(SamTemplate.map(statement.get("Condition")))
                        .isEqualTo(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", Map.of("Ref", "BreakGlassRoleArn"))));
            });
        }
        List<Map<String, Object>> tablesKey = keyPolicy("ProfileKey");
        assertThat(tablesKey).filteredOn(statement -> "Allow".equals(statement.get("Effect"))
                        && allows(statement, "kms:CreateGrant"))
                .isNotEmpty().allSatisfy(statement -> assertThat(SamTemplate.map(
                        SamTemplate.map(statement.get("Condition")).get("Bool")))
                        .containsEntry("kms:GrantIsForAWSResource", "true"));
        assertThat(tablesKey).anySatisfy(statement -> {
            assertThat(statement).containsEntry("Effect", "Deny");
            assertThat(allows(statement, "kms:CreateGrant")).isTrue();
            assertThat(SamTemplate.map(statement.get("Condition")))
                    .isEqualTo(Map.of("BoolIfExists", Map.of("kms:GrantIsForAWSResource", "false")));
        });
    }

    /** Grants and key-policy changes on the keys, attempts included, reach the alarm topic, which lets that rule publish. */
    @Test
    void grantsAndKeyPolicyChanges_onEveryKey_notifyTheAlarmTopic() {
        Map<String, Map<String, Object>> rules = template.resources("AWS::Events::Rule");
        Map<String, Object> rule = rules.get("KeyPolicyOrGrantChanged");
        Map<String, Object> pattern = SamTemplate.map(rule.get("EventPattern"));
        Map<String, Object> detail = SamTemplate.map(pattern.get("detail"));

        assertThat(pattern).containsEntry("detail-type", List.of("AWS API Call via CloudTrail"));
        assertThat(SamTemplate.map(detail.get("resources")).get("ARN")).asList()
                .containsExactlyInAnyOrderElementsOf(template.keys().stream()
                        .map(key -> Map.of("Fn::GetAtt", key.logicalId() + ".Arn")).toList());
        assertThat(SamTemplate.list(detail.get("$or")).stream().map(SamTemplate::map)
                .flatMap(branch -> SamTemplate.list(branch.get("eventName")).stream()))
                .contains("CreateGrant", "PutKeyPolicy", "DisableKey", "ScheduleKeyDeletion");
        assertThat(rule.get("Targets")).isEqualTo(List.of(Map.of("Id", "AlarmTopic", "Arn", Map.of("Ref", "AlarmTopic"))));
        Map<String, Object> topicPolicy = template.resources("AWS::SNS::TopicPolicy").get("AlarmTopicPolicy");
        assertThat(SamTemplate.list(SamTemplate.map(topicPolicy.get("PolicyDocument")).get("Statement")))
                .singleElement().satisfies(statement -> assertThat(SamTemplate.map(statement))
                        .containsEntry("Principal", Map.of("Service", "events.amazonaws.com"))
                        .containsEntry("Condition", Map.of("ArnEquals",
                                Map.of("aws:SourceArn", Map.of("Fn::GetAtt", "KeyPolicyOrGrantChanged.Arn")))));
    }

    private List<Map<String, Object>> keyPolicy(String key) {
        return SamTemplate.list(SamTemplate.map(properties(key).get("KeyPolicy")).get("Statement")).stream()
                .map(SamTemplate::map).toList();
    }

    /** Whether a statement's actions, wildcards expanded as IAM does, include this action. */
    private static boolean allows(Map<String, Object> statement, String action) {
        Object actions = statement.get("Action");
        return (actions instanceof List<?> ? SamTemplate.list(actions) : List.<Object>of(actions)).stream()
                .map(String::valueOf).anyMatch(pattern -> action.toLowerCase().matches(
                        pattern.toLowerCase().replace(".", "\\.").replace("*", ".*")));
    }

    /**
     * A MAC of the lookup MAC key mints a session or a sign-in link: the key policy lets only roles under the
     * session issuers' path make one, and the only function whose role is there, and whose role allows it,
     * is the one that may write sessions and sign-in links. Every function that reads a session may only
     * verify MACs (kms:VerifyMac makes none).
     */
    @Test
    void lookupMacKey_makesMacsOnlyForTheSessionIssuer_andTheSessionReadersOnlyVerify() {
        String issuersPath = "/${AWS::StackName}/functions/session-issuers/";
        assertThat(keyPolicy("LookupMacKey")).filteredOn(statement -> "Allow".equals(statement.get("Effect"))
                        && allows(statement, "kms:GenerateMac"))
                .singleElement().satisfies(statement -> assertThat(SamTemplate.map(
                        SamTemplate.map(statement.get("Condition")).get("ArnLike")))
                        .isEqualTo(Map.of("aws:PrincipalArn", Map.of("Fn::Sub",
                                "arn:${AWS::Partition}:iam::${AWS::AccountId}:role" + issuersPath + "*"))));
        Set<String> aSession = Set.of("lookupKey", "profileId", "signedInAt", "lastSeenAt", "absoluteExpiresAt",
                "expiresAt", "mac");
        for (SamTemplate.Function function : template.functions()) {
            String id = function.logicalId();
            boolean issues = Stream.of("session#", "sign-in#").anyMatch(prefix -> function.allows("LookupTable",
                    "dynamodb:PutItem", prefix + "0".repeat(64), aSession));
            Object path = properties(id + "Role").get("Path");
            assertThat(path instanceof Map<?, ?> sub && issuersPath.equals(sub.get("Fn::Sub")))
                    .as("%s's role is under the session issuers' path", id).isEqualTo(issues);
            assertThat(function.actionsOn("LookupMacKey").contains("kms:GenerateMac")).as("%s makes MACs", id)
                    .isEqualTo(issues);
            if (function.allows("LookupTable", "dynamodb:GetItem", "session#" + "0".repeat(64), Set.of("lookupKey"))) {
                assertThat(function.actionsOn("LookupMacKey")).as("%s checks session MACs", id).contains("kms:VerifyMac");
            }
        }
        assertThat(template.functions()).filteredOn(function -> function.actionsOn("LookupMacKey")
                .contains("kms:GenerateMac")).extracting(SamTemplate.Function::logicalId).containsExactly("UpdateFunction");
    }

    /** The key store's key unwraps only the stack's branch key in the stack's key store for the functions. */
    @Test
    void keyStoreKey_unwrapsForTheFunctions_onlyTheStacksBranchKey() {
        List<Map<String, Object>> uses = SamTemplate.list(SamTemplate.map(properties("KeyStoreKey").get("KeyPolicy"))
                .get("Statement")).stream().map(SamTemplate::map)
                .filter(statement -> "Allow".equals(statement.get("Effect"))
                        && String.valueOf(statement.get("Action")).contains("kms:Decrypt"))
                .toList();

        assertThat(uses).isNotEmpty().allSatisfy(statement -> assertThat(SamTemplate.map(
                SamTemplate.map(statement.get("Condition")).get("StringEquals")))
                .containsEntry("kms:EncryptionContext:tablename", Map.of("Ref", "KeyStoreLogicalName")));
        assertThat(uses).filteredOn(statement -> statement.get("Sid").equals("FunctionsUnwrapTheBranchKey"))
                .singleElement().satisfies(statement -> assertThat(SamTemplate.map(
                        SamTemplate.map(statement.get("Condition")).get("StringEquals")))
                        .containsEntry("kms:EncryptionContext:branch-key-id", Map.of("Ref", "BranchKeyId")));
    }

    /** One list of website origins: CORS allows each, email links open the first, and AWS takes https only. */
    @Test
    void corsOrigins_areTheWebsiteOriginsParameter_whichTakesHttpsOriginsOnly() {
        Map<String, Object> cors = SamTemplate.map(properties("LearnerApi").get("CorsConfiguration"));
        Map<String, Object> parameter = SamTemplate.map(SamTemplate.map(template.raw().get("Parameters")).get("WebsiteOrigins"));
        Pattern eachOrigin = Pattern.compile((String) parameter.get("AllowedPattern"));

        assertThat(cors.get("AllowOrigins")).isEqualTo(Map.of("Ref", "WebsiteOrigins"));
        assertThat(parameter).containsEntry("Type", "CommaDelimitedList");
        assertThat(template.function("SignupFunction").environment()).containsEntry("LEARNER_WEBSITE_ORIGIN",
                Map.of("Fn::Select", List.of(0, Map.of("Ref", "WebsiteOrigins"))));
        assertThat(List.of("https://eco-coach.example", "https://www.eco-coach.example", "https://staging.eco-coach.example:8443"))
                .allMatch(origin -> eachOrigin.matcher(origin).matches());
        assertThat(List.of("http://eco-coach.example", "http://127.0.0.1:3001", "https://eco-coach.example/",
                "https://eco-coach.example/path", "*", "https://*.eco-coach.example", ""))
                .noneMatch(origin -> eachOrigin.matcher(origin).matches());
        assertThat(SamTemplate.list(cors.get("ExposeHeaders"))).contains("etag", "idempotent-replayed",
                "retry-after", "www-authenticate", "content-disposition");
    }

    /**
     * CORS lets a page send only the headers the routes read and read only what it must, without
     * credentials; API Gateway throttles every route alike (burst 50, 20 per second), none above it.
     */
    @Test
    void cors_allowsOnlyTheHeadersTheRoutesRead_withoutCredentials_andEveryRouteIsThrottledAt50Burst20PerSecond() {
        Map<String, Object> api = properties("LearnerApi");
        Map<String, Object> cors = SamTemplate.map(api.get("CorsConfiguration"));

        assertThat(SamTemplate.list(cors.get("AllowHeaders")))
                .containsExactlyInAnyOrder("content-type", "authorization", "if-match", "idempotency-key");
        assertThat(SamTemplate.list(cors.get("ExposeHeaders")))
                .containsExactlyInAnyOrder("etag", "idempotent-replayed", "retry-after", "www-authenticate", "content-disposition");
        assertThat(cors.get("AllowCredentials")).as("no credentials mode").isIn(null, false);
        assertThat(SamTemplate.map(api.get("DefaultRouteSettings")))
                .containsEntry("ThrottlingBurstLimit", 50)
                .containsEntry("ThrottlingRateLimit", 20);
        assertThat(api).as("no route throttled apart").doesNotContainKey("RouteSettings");
    }

    /**
     * The material providers need Bouncy Castle only for ECDSA, ECDH and RSA keyrings, none of which
     * is used: no function's artifact ships it.
     */
    @Test
    void noFunctionArtifact_shipsBouncyCastle() throws IOException {
        Set<String> artifacts = template.functions().stream().map(SamTemplate.Function::codeUri)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(artifacts).isNotEmpty();
        for (String codeUri : artifacts) {
            Path artifact = template.projectRoot().resolve(codeUri);
            assertThat(artifact).as("artifact %s (built by the package phase)", codeUri).isRegularFile();
            List<String> bouncyCastle = new ArrayList<>();
            try (ZipFile zip = new ZipFile(artifact.toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    if (entry.getName().contains("org/bouncycastle/")) {
                        bouncyCastle.add(entry.getName());
                    } else if (entry.getName().endsWith(".jar")) {
                        try (var jar = new ZipInputStream(zip.getInputStream(entry))) {
                            for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                                if (inner.getName().startsWith("org/bouncycastle/")) {
                                    bouncyCastle.add(entry.getName());
                                    break;
                                }
                            }
                        }
                    }
                }
            }
            assertThat(bouncyCastle).as("Bouncy Castle in %s", codeUri).isEmpty();
        }
    }

    @Test
    void apiAccessLogs_holdNoClientIpPathQueryOrCallerIdentity() {
        String format = (String) SamTemplate.map(SamTemplate.map(properties("LearnerApi").get("AccessLogSettings")))
                .get("Format");

        assertThat(format).contains("$context.requestId", "$context.routeKey", "$context.status")
                .doesNotContain("sourceIp", "$context.path", "queryString", "$context.identity", "userAgent");
    }

    @Test
    void everyTable_keepsPointInTimeRecoveryForTheRecoveryPeriod_encryptedAtRestUnderTheTablesKey() {
        assertThat(template.tables()).hasSizeGreaterThanOrEqualTo(3);
        for (SamTemplate.Table table : template.tables()) {
            Map<String, Object> properties = properties(table.logicalId());
            assertThat(SamTemplate.map(properties.get("PointInTimeRecoverySpecification"))).as(table.logicalId())
                    .containsEntry("PointInTimeRecoveryEnabled", true)
                    .containsEntry("RecoveryPeriodInDays", Map.of("Ref", "RecoveryPeriodInDays"));
            assertThat(SamTemplate.map(properties.get("SSESpecification"))).as(table.logicalId())
                    .containsEntry("KMSMasterKeyId", Map.of("Ref", "ProfileKey"));
        }
    }

    private Map<String, Object> properties(String logicalId) {
        return SamTemplate.map(SamTemplate.map(SamTemplate.map(template.raw().get("Resources")).get(logicalId))
                .get("Properties"));
    }

    private Map<String, Set<String>> usedPermissions() throws IOException {
        Map<String, Set<String>> used = new TreeMap<>();
        for (String line : Files.readAllLines(template.projectRoot().resolve("template.permissions.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t");
            used.computeIfAbsent(columns[0], function -> new TreeSet<>()).add(columns[1] + " " + columns[2]);
        }
        return used;
    }

    @Test
    void template_passesCfnLintAndCheckov_withNoUnsuppressedFinding() throws Exception {
        Process lint = new ProcessBuilder("bash", template.projectRoot().resolve("infra/lint-template.sh").toString())
                .redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(lint.waitFor()).as("cfn-lint exit code; output:%n%s", output).isZero();
        assertThat(output.strip()).isEmpty();
    }

    /**
     * The per-client limit (CloudFront with the WAF web ACL of infra/edge-waf.yaml) is optional: with
     * the parameters' defaults the condition is false and nothing of it is deployed; given an ACL's
     * ARN, the distribution in front of the API carries that ACL, and the same condition disables the
     * execute-api endpoint, so that nobody can call the API around the ACL; CloudFront then calls the
     * API's own domain, which the template's rules require with the edge.
     */
    @Test
    void edgeDistribution_isOffByDefault_andWhenOn_putsTheWebAclInFrontOfTheApi_andDisablesExecuteApi() {
        Map<String, Object> resources = SamTemplate.map(template.raw().get("Resources"));
        Map<String, Object> distribution = SamTemplate.map(resources.get("EdgeDistribution"));
        String condition = (String) distribution.get("Condition");
        String acl = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/learner-api-edge/0f2a";
        Map<String, String> withAcl = new TreeMap<>(template.parameterDefaults());
        withAcl.put("EdgeWebAclArn", acl);

        assertThat(holds(condition, template.parameterDefaults())).as("on with the defaults").isFalse();
        assertThat(holds(condition, withAcl)).as("on with an ACL's ARN").isTrue();
        assertThat(SamTemplate.map(SamTemplate.map(template.raw().get("Outputs")).get("EdgeApiUrl")))
                .containsEntry("Condition", condition);
        Map<String, Object> config = SamTemplate.map(SamTemplate.map(distribution.get("Properties"))
                .get("DistributionConfig"));
        assertThat(resolved(config.get("WebACLId"), withAcl)).isEqualTo(acl);
        assertThat(SamTemplate.list(config.get("Origins"))).singleElement().satisfies(origin ->
                assertThat(SamTemplate.map(origin).get("DomainName")).isEqualTo(Map.of("Ref", "EdgeOriginDomain")));
        assertThat(SamTemplate.map(resources.get("EdgeOriginDomain"))).containsEntry("Condition", condition);
        assertThat(SamTemplate.map(resources.get("EdgeOriginMapping"))).containsEntry("Condition", condition);
        Object disabled = properties("LearnerApi").get("DisableExecuteApiEndpoint");
        assertThat(chosen(disabled, template.parameterDefaults())).as("execute-api without the edge").isEqualTo(false);
        assertThat(chosen(disabled, withAcl)).as("execute-api with the edge").isEqualTo(true);
        Map<String, Object> originRule = SamTemplate.map(SamTemplate.map(template.raw().get("Rules")).get("EdgeHasAnOrigin"));
        assertThat(originRule.get("RuleCondition")).isEqualTo(SamTemplate.map(template.raw().get("Conditions")).get(condition));
        assertThat(String.valueOf(originRule.get("Assertions"))).contains("EdgeOriginDomainName", "EdgeOriginCertificateArn");
        assertThat(SamTemplate.map(config.get("DefaultCacheBehavior")))
                .containsEntry("ViewerProtocolPolicy", "https-only")
                .as("CachingDisabled: every answer is a learner's own")
                .containsEntry("CachePolicyId", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        // The backstop stays whatever the edge does.
        assertThat(SamTemplate.map(properties("LearnerApi").get("DefaultRouteSettings")))
                .containsKeys("ThrottlingBurstLimit", "ThrottlingRateLimit");
    }

    /**
     * With the edge on, the API's own domain is public too: CloudFront adds a secret header to what it
     * passes on, every function that answers a route is given the same value to check (EdgeOrigin), the
     * edge cannot be turned on without it, and it cannot be set without the edge (nothing would send it).
     */
    @Test
    void edgeDistribution_sendsTheOriginSecret_thatEveryHttpFunctionChecks_andTheEdgeNeedsIt() {
        Map<String, Object> config = SamTemplate.map(SamTemplate.map(SamTemplate.map(SamTemplate.map(
                template.raw().get("Resources")).get("EdgeDistribution")).get("Properties")).get("DistributionConfig"));
        Map<String, Object> origin = SamTemplate.map(SamTemplate.list(config.get("Origins")).get(0));
        Map<String, Object> parameters = SamTemplate.map(template.raw().get("Parameters"));
        Map<String, Object> rules = SamTemplate.map(template.raw().get("Rules"));

        assertThat(SamTemplate.list(origin.get("OriginCustomHeaders"))).singleElement().satisfies(header -> assertThat(
                SamTemplate.map(header)).containsEntry("HeaderName", "X-Origin-Verify")
                .containsEntry("HeaderValue", Map.of("Ref", "EdgeOriginSecret")));
        assertThat(template.functions()).filteredOn(function -> !function.routes().isEmpty()).isNotEmpty()
                .allSatisfy(function -> assertThat(function.environment())
                        .as(function.logicalId())
                        .containsEntry("LEARNER_EDGE_ORIGIN_SECRET", Map.of("Ref", "EdgeOriginSecret"))
                        .containsEntry("LEARNER_EDGE_ORIGIN_PREVIOUS_SECRET", Map.of("Ref", "EdgeOriginPreviousSecret")));
        for (String secret : List.of("EdgeOriginSecret", "EdgeOriginPreviousSecret")) {
            assertThat(SamTemplate.map(parameters.get(secret))).as(secret).containsEntry("NoEcho", true)
                    .containsEntry("Default", "");
            assertThat(template.parameterDefaults()).containsEntry(secret, "");
        }
        assertThat(String.valueOf(SamTemplate.map(rules.get("EdgeHasAnOrigin")).get("Assertions")))
                .contains("{Fn::Not=[{Fn::Equals=[{Ref=EdgeOriginSecret}, ]}]}");
        Map<String, Object> withoutEdge = SamTemplate.map(rules.get("EdgeSecretNeedsTheEdge"));
        assertThat(withoutEdge.get("RuleCondition")).isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "EdgeWebAclArn"), "")));
        assertThat(String.valueOf(withoutEdge.get("Assertions")))
                .contains("{Fn::Equals=[{Ref=EdgeOriginSecret}, ]}", "{Fn::Equals=[{Ref=EdgeOriginPreviousSecret}, ]}");
    }

    /**
     * The edge's 429 is one a page can read: the API's problem shape, Retry-After exposed to any origin
     * (WAF's headers are fixed values; nothing in the answer is anyone's), the same from every rule,
     * and preflights are not counted, since a refused preflight is a network error to the page
     * whatever it carries.
     */
    @Test
    void edgeThrottle_answersAProblemThatAPageOnAnyWebsiteOriginCanRead_andNeverRefusesAPreflight() throws Exception {
        Map<String, Object> acl = edgeWebAcl();
        Map<String, Object> rule = edgeRule("RequestsPerClient");
        Map<String, Object> answer = blockAnswer(rule);
        Map<String, Object> body = SamTemplate.map(SamTemplate.map(acl.get("CustomResponseBodies"))
                .get(answer.get("CustomResponseBodyKey")));

        assertThat(answer).containsEntry("ResponseCode", 429);
        assertThat(SamTemplate.list(answer.get("ResponseHeaders")).stream().map(SamTemplate::map)
                .collect(Collectors.toMap(header -> String.valueOf(header.get("Name")), header -> String.valueOf(header.get("Value")))))
                .containsEntry("access-control-allow-origin", "*")
                .containsEntry("access-control-expose-headers", "retry-after")
                .containsEntry("retry-after", "300")
                .containsEntry("cache-control", "no-store")
                .containsEntry("x-content-type-options", "nosniff");
        assertThat(body).containsEntry("ContentType", "APPLICATION_JSON");
        JsonNode problem = new ObjectMapper().readTree(String.valueOf(body.get("Content")));
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("type").asText()).startsWith("urn:learner-profiles:problem:");
        assertThat(SamTemplate.list(acl.get("Rules"))).as("every rule answers alike")
                .allSatisfy(each -> assertThat(blockAnswer(SamTemplate.map(each))).isEqualTo(answer));
        Map<String, Object> notCounted = SamTemplate.map(SamTemplate.map(SamTemplate.map(SamTemplate.map(
                SamTemplate.map(rule.get("Statement")).get("RateBasedStatement")).get("ScopeDownStatement"))
                .get("NotStatement")).get("Statement"));
        assertThat(SamTemplate.map(notCounted.get("ByteMatchStatement")))
                .containsEntry("FieldToMatch", Map.of("Method", Map.of()))
                .containsEntry("SearchString", "OPTIONS");
    }

    /**
     * The routes that mail a typed address (signup, sign-in links, the deletion form) have a per-client
     * limit of their own, lower than the general one and evaluated before it, counting their POSTs
     * only (never a preflight), so that one client cannot spend the service's mail budgets.
     */
    @Test
    void edgeMailRule_limitsEachClientsPostsToTheMailRoutes_belowTheGeneralLimit() {
        SamTemplate edge = SamTemplate.load(template.projectRoot().resolve("infra/edge-waf.yaml"));
        Map<String, Object> mail = SamTemplate.map(edgeRule("MailRequestsPerClient").get("Statement"));
        Map<String, Object> rate = SamTemplate.map(mail.get("RateBasedStatement"));
        Map<String, Object> general = SamTemplate.map(SamTemplate.map(edgeRule("RequestsPerClient").get("Statement"))
                .get("RateBasedStatement"));
        List<Object> scope = SamTemplate.list(SamTemplate.map(SamTemplate.map(rate.get("ScopeDownStatement"))
                .get("AndStatement")).get("Statements"));

        assertThat(rate).containsEntry("AggregateKeyType", "IP").containsEntry("EvaluationWindowSec", 300);
        int mailLimit = Integer.parseInt(edge.parameterDefaults().get(((Map<?, ?>) rate.get("Limit")).get("Ref").toString()));
        int generalLimit = Integer.parseInt(edge.parameterDefaults().get(((Map<?, ?>) general.get("Limit")).get("Ref").toString()));
        assertThat(mailLimit).isLessThan(generalLimit);
        assertThat((Integer) edgeRule("MailRequestsPerClient").get("Priority"))
                .isLessThan((Integer) edgeRule("RequestsPerClient").get("Priority"));
        assertThat(SamTemplate.map(SamTemplate.map(scope.get(0)).get("ByteMatchStatement")))
                .containsEntry("FieldToMatch", Map.of("Method", Map.of()))
                .containsEntry("PositionalConstraint", "EXACTLY")
                .containsEntry("SearchString", "POST");
        assertThat(SamTemplate.list(SamTemplate.map(SamTemplate.map(scope.get(1)).get("OrStatement")).get("Statements"))
                .stream().map(path -> SamTemplate.map(SamTemplate.map(path).get("ByteMatchStatement")))
                .peek(match -> assertThat(match).containsEntry("FieldToMatch", Map.of("UriPath", Map.of()))
                        .containsEntry("PositionalConstraint", "EXACTLY"))
                .map(match -> match.get("SearchString")))
                .containsExactlyInAnyOrder("/v1/profiles", "/v1/sign-in-links", "/v1/deletion-requests");
        assertThat(template.functions().stream().flatMap(function -> function.routes().stream())
                .filter(route -> route.method().equals("POST"))
                .map(SamTemplate.Route::path))
                .as("the paths are the template's mail routes")
                .contains("/v1/profiles", "/v1/sign-in-links", "/v1/deletion-requests");
    }

    private Map<String, Object> edgeWebAcl() {
        SamTemplate edge = SamTemplate.load(template.projectRoot().resolve("infra/edge-waf.yaml"));
        return SamTemplate.map(edge.resources("AWS::WAFv2::WebACL").get("EdgeWebAcl"));
    }

    private Map<String, Object> edgeRule(String name) {
        return SamTemplate.list(edgeWebAcl().get("Rules")).stream().map(SamTemplate::map)
                .filter(rule -> name.equals(rule.get("Name"))).findFirst().orElseThrow();
    }

    private static Map<String, Object> blockAnswer(Map<String, Object> rule) {
        return SamTemplate.map(SamTemplate.map(SamTemplate.map(rule.get("Action")).get("Block")).get("CustomResponse"));
    }

    /** The branch an {@code Fn::If} of the template takes for these parameter values. */
    private Object chosen(Object expression, Map<String, String> parameters) {
        if (!(expression instanceof Map<?, ?> function && function.containsKey("Fn::If"))) {
            return expression;
        }
        List<Object> branches = SamTemplate.list(SamTemplate.map(expression).get("Fn::If"));
        return holds((String) branches.get(0), parameters) ? branches.get(1) : branches.get(2);
    }

    /** Whether a condition of the template holds for these parameter values (Not, Equals, Ref). */
    private boolean holds(String condition, Map<String, String> parameters) {
        return evaluated(SamTemplate.map(template.raw().get("Conditions")).get(condition), parameters);
    }

    private boolean evaluated(Object expression, Map<String, String> parameters) {
        Map<String, Object> function = SamTemplate.map(expression);
        if (function.containsKey("Fn::Not")) {
            return !evaluated(SamTemplate.list(function.get("Fn::Not")).get(0), parameters);
        }
        List<Object> operands = SamTemplate.list(function.get("Fn::Equals"));
        return resolved(operands.get(0), parameters).equals(resolved(operands.get(1), parameters));
    }

    private static String resolved(Object value, Map<String, String> parameters) {
        return value instanceof Map<?, ?> reference ? parameters.get((String) reference.get("Ref")) : String.valueOf(value);
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
    void everyFunction_isTriggered_byVersionedRoutesAScheduleInVietnamTimeARuleOrAQueue() {
        for (SamTemplate.Function function : template.functions()) {
            assertThat(function.routes().size() + function.schedules().size() + function.eventRules().size()
                    + function.queueSources().size()).as(function.logicalId()).isPositive();
            assertThat(function.routes()).allSatisfy(route -> assertThat(route.path()).startsWith("/v1/"));
            assertThat(function.schedules()).allSatisfy(schedule -> {
                assertThat(schedule.timezone()).isEqualTo("Asia/Ho_Chi_Minh");
                // The retention functions every hour: the 72-hour erasure deadline counts on it (see
                // DeletionGracePeriod); the mail outbox every five minutes; the policy reminder once a day.
                assertThat(schedule.expression()).as(function.logicalId()).matches(
                        function.codeUri().contains("retention-purge") ? "cron\\(\\d{1,2} \\* \\* \\* \\? \\*\\)"
                                : function.logicalId().equals("MailOutboxFunction") ? "cron\\(0/5 \\* \\* \\* \\? \\*\\)"
                                : "cron\\(\\d{1,2} \\d{1,2} \\* \\* \\? \\*\\)");
            });
        }
    }

    /**
     * The policy fan-out and reminder scan to queue ids, and may neither decrypt nor mail; the staff function
     * scans the profiles alone, for the lists of learners who said yes to a purpose, which select by the
     * encrypted answers, so it decrypts, and it may send nothing anywhere; the coming-of-age run scans the sparse
     * ByGuardian index alone (ids of learners under 16 at signup, nobody else), never a table.
     */
    @Test
    void onlyThePolicyFanOutsTheStaffListsAndTheComingOfAgeRun_mayScan_andOnlyTheStaffListsDecrypt_sendingNothing() {
        List<SamTemplate.Function> scanning = template.functions().stream()
                .filter(function -> function.policyActions().contains("dynamodb:Scan")).toList();
        SamTemplate.Function staff = template.function("StaffFunction");
        SamTemplate.Function comingOfAge = template.function("ComingOfAgeFunction");

        assertThat(scanning).extracting(SamTemplate.Function::logicalId)
                .containsExactlyInAnyOrder("PolicyFanOutFunction", "PolicyReminderFunction", "StaffFunction",
                        "ComingOfAgeFunction");
        assertThat(scanning).filteredOn(function -> function.logicalId().startsWith("Policy")).allSatisfy(function ->
                assertThat(function.policyActions()).as(function.logicalId()).contains("sqs:SendMessage")
                        .noneMatch(action -> action.startsWith("kms:") || action.startsWith("ses:")));
        assertThat(template.resources("AWS::DynamoDB::Table").keySet()).filteredOn(table -> !table.equals("ProfilesTable"))
                .allSatisfy(table -> assertThat(staff.actionsOn(table)).as(table).doesNotContain("dynamodb:Scan"));
        assertThat(staff.policyActions()).noneMatch(action -> action.startsWith("ses:") || action.startsWith("sqs:")
                || action.startsWith("sns:"));
        assertThat(comingOfAge.grants()).filteredOn(grant -> grant.actions().contains("dynamodb:Scan"))
                .allSatisfy(grant -> assertThat(grant.resources()).containsExactly("ProfilesTable/index/ByGuardian"));
    }

    @Test
    void policyMailQueue_hasADeadLetterQueue_andItsSenderMayDecryptButNeverEncrypt() {
        SamTemplate.Queue queue = template.queues().stream()
                .filter(candidate -> candidate.logicalId().equals("PolicyMailQueue")).findFirst().orElseThrow();
        SamTemplate.Function sender = template.functions().stream()
                .filter(function -> function.queueSources().stream()
                        .anyMatch(source -> source.queue().equals("PolicyMailQueue")))
                .findFirst().orElseThrow();

        assertThat(queue.deadLetterQueue()).isEqualTo("PolicyMailDeadLetterQueue");
        assertThat(queue.maxReceiveCount()).isBetween(2, 10);
        assertThat(sender.logicalId()).isEqualTo("PolicyMailFunction");
        assertThat(sender.policyActions()).doesNotContain("kms:GenerateDataKey").contains("kms:Decrypt", "ses:SendRawEmail");
    }

    @Test
    void purge_mayNeitherDecryptNorSendMail_andNoFunctionHasWildcardRights() {
        SamTemplate.Function purge = template.functions().stream()
                .filter(function -> function.logicalId().equals("RetentionPurgeFunction")).findFirst().orElseThrow();

        assertThat(purge.policyActions()).isNotEmpty()
                .noneMatch(action -> action.startsWith("kms:") || action.startsWith("ses:"))
                // Besides its tables: Lambda's logs, traces and the failed-runs queue.
                .allMatch(action -> action.matches("(dynamodb|logs|xray):.+|sqs:SendMessage"));
        for (SamTemplate.Function function : template.functions()) {
            assertThat(function.policyActions()).as(function.logicalId())
                    .noneMatch(action -> action.endsWith("*"))
                    .doesNotContain("kms:Encrypt", "dynamodb:UpdateTable");
        }
    }

    @Test
    void onlyTheFunctionsThatReadOrWriteProfiles_mayReadTheKeyStore_andNoneMayChangeIt() {
        List<SamTemplate.Function> keyStoreReaders = template.functions().stream()
                .filter(function -> !function.actionsOn("KeyStoreTable").isEmpty()
                        || !function.actionsOn("KeyStoreKey").isEmpty())
                .toList();

        assertThat(keyStoreReaders).extracting(SamTemplate.Function::logicalId)
                .containsExactlyInAnyOrder("SignupFunction", "UpdateFunction", "DeletionRequestFunction",
                        "PolicyFunction", "PolicyMailFunction", "InactivityWarningFunction", "MailOutboxFunction",
                        "ComingOfAgeFunction", "StaffFunction", "PrivacyDeskFunction");
        assertThat(keyStoreReaders).allSatisfy(function -> {
            assertThat(function.actionsOn("KeyStoreTable")).as(function.logicalId()).containsExactly("dynamodb:GetItem");
            assertThat(function.actionsOn("KeyStoreKey")).as(function.logicalId()).containsExactly("kms:Decrypt");
        });
        // The key that encrypts the tables at rest is DynamoDB's to use, through its service, not the functions'.
        assertThat(template.functions()).allSatisfy(function ->
                assertThat(function.actionsOn("ProfileKey")).as(function.logicalId()).isEmpty());
    }

    /**
     * The staff routes are two functions', each IAM-authorised with a role of its own: the staff function's
     * (which may not mail) and the privacy desk's (which mails requesters, and whose one public route is
     * the identity link). No learner-facing function keeps what only staff use (publishing versions,
     * announcing them or a breach notice, minting unsubscribe links).
     */
    @Test
    void staffRoutes_areTheStaffAndPrivacyDeskFunctions_underIam_andTheStaffFunctionMayNotMail() {
        SamTemplate.Function staff = template.function("StaffFunction");
        SamTemplate.Function desk = template.function("PrivacyDeskFunction");
        List<SamTemplate.Route> adminRoutes = template.functions().stream()
                .flatMap(function -> function.routes().stream())
                .filter(route -> route.path().startsWith("/v1/admin/")).toList();
        List<SamTemplate.Route> staffAndDeskRoutes = Stream.of(staff, desk)
                .flatMap(function -> function.routes().stream())
                .filter(route -> route.path().startsWith("/v1/admin/")).toList();

        assertThat(staffAndDeskRoutes).isNotEmpty().containsExactlyInAnyOrderElementsOf(adminRoutes)
                .allSatisfy(route -> assertThat(route.authorizer()).as(route.routeKey()).isEqualTo("AWS_IAM"));
        assertThat(staff.routes()).allSatisfy(route -> assertThat(route.path()).startsWith("/v1/admin/"));
        assertThat(desk.routes()).filteredOn(route -> !route.path().startsWith("/v1/admin/"))
                .extracting(SamTemplate.Route::routeKey).containsExactly("POST /v1/privacy-requests/confirmation");
        assertThat(staff.policyActions()).noneMatch(action -> action.startsWith("ses:") || action.startsWith("sqs:"));
        // No UpdateItem or DeleteItem: staff can hold a profile and read it, never erase it.
        assertThat(staff.actionsOn("ProfilesTable")).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:PutItem",
                "dynamodb:Scan", "dynamodb:BatchGetItem");
        for (SamTemplate.Function learnerFacing : template.functions()) {
            if (!learnerFacing.routes().isEmpty() && learnerFacing.routes().stream()
                    .noneMatch(route -> route.path().startsWith("/v1/admin/"))) {
                assertThat(learnerFacing.policyActions()).as(learnerFacing.logicalId()).doesNotContain("events:PutEvents");
                assertThat(learnerFacing.actionsOn("PolicyTable")).as(learnerFacing.logicalId())
                        .doesNotContain("dynamodb:PutItem");
            }
        }
    }

    @Test
    void everyAlarm_notifiesTheAlarmTopic() {
        Map<String, Map<String, Object>> alarms = template.resources("AWS::CloudWatch::Alarm");

        assertThat(alarms).as("alarms of the template").hasSizeGreaterThanOrEqualTo(6);
        assertThat(template.resources("AWS::SNS::Topic")).containsKey("AlarmTopic");
        alarms.forEach((id, alarm) -> assertThat(alarm.get("AlarmActions")).as("actions of %s", id)
                .isEqualTo(List.of(Map.of("Ref", "AlarmTopic"))));
    }

    /** No default, and a value that must look like an address: every deploy names who hears the alarms. */
    @Test
    void alarmEmail_mustBeGivenAtDeploy() {
        Map<String, Object> parameter = SamTemplate.map(SamTemplate.map(template.raw().get("Parameters")).get("AlarmEmail"));

        assertThat(parameter).doesNotContainKey("Default");
        assertThat("").doesNotMatch((String) parameter.get("AllowedPattern"));
        assertThat("privacy-ops@eco-coach.example").matches((String) parameter.get("AllowedPattern"));
        assertThat(SamTemplate.map(SamTemplate.map(template.raw().get("Resources")).get("AlarmEmailSubscription")))
                .as("always subscribed").doesNotContainKey("Condition");
        assertThat(template.resources("AWS::SNS::Subscription").get("AlarmEmailSubscription"))
                .containsEntry("Endpoint", Map.of("Ref", "AlarmEmail"))
                .containsEntry("TopicArn", Map.of("Ref", "AlarmTopic"));
    }

    @Test
    void alarms_coverAPurgeThatDidNotRun_failingItems_overdueErasures_api5xx_mailNotSent_deferred_theMailBudgetSpent_andForgedLookupItems() {
        Map<String, Map<String, Object>> alarms = template.resources("AWS::CloudWatch::Alarm");

        assertThat(alarms.values()).extracting(alarm -> alarm.get("MetricName"))
                .contains("PurgeRuns", "RetentionItemsFailed", "ErasuresOverdue", "5xx", "MailNotSent", "MailDeferred",
                        "MailBudgetSpent", "LookupItemsRefused");
        // Heartbeats of the outbox (every five minutes) and the warnings (hourly): no invocation is no run.
        for (String function : List.of("MailOutboxFunction", "InactivityWarningFunction")) {
            assertThat(alarms.values()).as("heartbeat of %s", function).anySatisfy(alarm -> assertThat(alarm)
                    .containsEntry("Namespace", "AWS/Lambda").containsEntry("MetricName", "Invocations")
                    .containsEntry("Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", function))))
                    .containsEntry("TreatMissingData", "breaching")
                    .containsEntry("ComparisonOperator", "LessThanThreshold"));
        }
        Map<String, Object> notRun = alarms.values().stream()
                .filter(alarm -> "PurgeRuns".equals(alarm.get("MetricName"))).findFirst().orElseThrow();
        assertThat(notRun).as("no run in two hours, and no data is no run")
                .containsEntry("TreatMissingData", "breaching")
                .containsEntry("ComparisonOperator", "LessThanThreshold")
                .containsEntry("Period", 3600).containsEntry("EvaluationPeriods", 2);
    }

    /** Mail that no retry can send is alarmed at once; an outbox whose oldest due entry waited over an hour is too. */
    @Test
    void alarms_coverParkedMail_andAnOutboxThatDoesNotDrain() {
        Map<String, Map<String, Object>> alarms = template.resources("AWS::CloudWatch::Alarm");

        assertThat(alarms.values()).as("alarm on parked mail").anySatisfy(alarm -> assertThat(alarm)
                .containsEntry("Namespace", "LearnerProfiles").containsEntry("MetricName", "MailParked")
                .containsEntry("Statistic", "Sum").containsEntry("Threshold", 0)
                .containsEntry("ComparisonOperator", "GreaterThanThreshold"));
        assertThat(alarms.values()).as("alarm on the outbox's oldest entry").anySatisfy(alarm -> assertThat(alarm)
                .containsEntry("Namespace", "LearnerProfiles").containsEntry("MetricName", "OutboxOldestEntryAge")
                .containsEntry("Statistic", "Maximum").containsEntry("Threshold", 3600)
                .containsEntry("ComparisonOperator", "GreaterThanThreshold"));
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

    /**
     * A request starts no AWS call that could end after its budget (RequestDeadline), so every HTTP
     * function's timeout must leave the budget and a margin for the work between calls: the slowest
     * request then answers (503 before its commit, its result after) instead of being cut off.
     */
    @Test
    void httpFunctions_timeOutLaterThanTheirRequestBudget_plusOneWholeCallAfterIt() throws Exception {
        Duration budget = Duration.parse(LearnerConfiguration.class.getMethod("getRequestBudget")
                .getAnnotation(Bindable.class).defaultValue());
        // The outbox's put-back may start as the budget ends; a call lasts at most two attempts.
        Duration oneCall = Duration.parse(LearnerConfiguration.class.getMethod("getAwsCallTimeout")
                .getAnnotation(Bindable.class).defaultValue()).multipliedBy(2);
        Object globalTimeout = SamTemplate.map(SamTemplate.map(template.raw().get("Globals")).get("Function"))
                .get("Timeout");
        Map<String, Map<String, Object>> resources = template.resources("AWS::Serverless::Function");
        List<SamTemplate.Function> http = template.functions().stream()
                .filter(function -> !function.routes().isEmpty()).toList();

        assertThat(http).isNotEmpty().allSatisfy(function -> {
            Map<String, Object> properties = resources.get(function.logicalId());
            assertThat(function.environment()).as(function.logicalId())
                    .doesNotContainKeys("LEARNER_REQUEST_BUDGET", "LEARNER_AWS_CALL_TIMEOUT");
            int timeout = ((Number) properties.getOrDefault("Timeout", globalTimeout)).intValue();
            assertThat(budget.plus(oneCall)).as("budget and one call after it, in %s", function.logicalId())
                    .isLessThan(Duration.ofSeconds(timeout));
        });
    }

    /** A function zip unpacked as Lambda unpacks it, into a folder of its own. */
    static Path unpack(Path zip) throws IOException {
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
