package coach.eco.learners.local;

import coach.eco.learners.keystore.BranchKeys;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.ConfigurationSetAlreadyExistsException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local AWS: the emulator started by {@code infra/local-aws.sh} (or LocalStack), holding what template.yaml
 * declares (tables, keys, the sender identity). Every AWS SDK client in this JVM is pointed at it
 * through the SDK's own settings, the same way {@code AWS_ENDPOINT_URL} points a deployed function.
 */
public final class LocalAws implements AutoCloseable {
    public static final String REGION = "ap-southeast-1";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9:.]+)}");
    /** The template's key store: its table, its KMS key, and the parameters naming it and its branch key. */
    private static final String KEY_STORE_TABLE = "KeyStoreTable";
    private static final String KEY_STORE_KEY = "KeyStoreKey";
    private static final String KEY_STORE_LOGICAL_NAME = "KeyStoreLogicalName";
    private static final String BRANCH_KEY_ID = "BranchKeyId";

    private final SamTemplate template;
    private final URI endpoint;
    private final Runnable onClose;
    private final Map<String, String> parameters;
    private final Map<String, String> physicalIds = new LinkedHashMap<>();
    private final Map<String, String> arns = new LinkedHashMap<>();
    /** The queue (URL) that stands in for each function's EventBridge rule target, by "function.event". */
    private final Map<String, String> ruleQueues = new LinkedHashMap<>();
    /** Where the endpoint keeps the mail sent, known once provisioning has loaded its SES. */
    private SentMail.Mailbox mailbox;

    private LocalAws(SamTemplate template, URI endpoint, Runnable onClose, Map<String, String> parameters) {
        this.template = template;
        this.endpoint = endpoint;
        this.onClose = onClose;
        this.parameters = parameters;
    }

    /**
     * Starts the emulator, or joins the one already running, and creates in it what the template
     * declares. Parameter overrides replace the template's defaults (a local website origin, say).
     */
    public static LocalAws start(SamTemplate template, Map<String, String> parameterOverrides) {
        Optional<URI> running = running(template);
        if (running.isPresent()) {
            return connect(template, running.get(), parameterOverrides, () -> { });
        }
        Path script = script(template);
        String started = run(script, "start", false).strip();
        return connect(template, URI.create(started), parameterOverrides, () -> run(script, "stop", false));
    }

    /**
     * Starts an emulator for the caller alone, stopped when it closes: a program whose figures count
     * what one run reads or sends must not share tables with others' items. Refuses if one runs.
     */
    public static LocalAws startOwn(SamTemplate template, Map<String, String> parameterOverrides) {
        running(template).ifPresent(endpoint -> {
            throw new IllegalStateException("an emulator runs already at " + endpoint + ", holding what others"
                    + " wrote: once nothing uses it, stop it (infra/local-aws.sh stop) and run again");
        });
        return start(template, parameterOverrides);
    }

    /** The emulator running already (one {@link #start} joins), if any. */
    private static Optional<URI> running(SamTemplate template) {
        String endpoint = run(script(template), "endpoint", true).strip();
        return endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint));
    }

    private static Path script(SamTemplate template) {
        return template.projectRoot().resolve("infra/local-aws.sh");
    }

    /**
     * Uses an AWS endpoint that runs already (moto or LocalStack), creating in it what the template
     * declares; {@code onClose} stops it, if it should stop with this object.
     */
    public static LocalAws connect(SamTemplate template, URI endpoint, Map<String, String> parameterOverrides,
                                   Runnable onClose) {
        pointSdkAt(endpoint.toString());
        Map<String, String> parameters = new LinkedHashMap<>(template.parameterDefaults());
        parameters.putAll(parameterOverrides);
        LocalAws aws = new LocalAws(template, endpoint, onClose, parameters);
        aws.provision();
        return aws;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    /** A CommaDelimitedList parameter as CloudFormation hands it to a Ref: its values, each trimmed. */
    public List<String> parameterList(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("the local runner has no value for " + name);
        }
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s*,\\s*"));
    }

    /** The physical name of a table, or ARN of a key, created for a logical id of the template. */
    public String physicalId(String logicalId) {
        return physicalIds.get(logicalId);
    }

    /**
     * The queue the emulator's EventBridge delivers a function's rule to: the emulator keeps rules
     * and their targets but invokes no Lambda, so the local triggers read this queue instead.
     */
    public String ruleQueueUrl(SamTemplate.Function function, SamTemplate.EventRule rule) {
        return ruleQueues.get(function.logicalId() + "." + rule.name());
    }

    /** A function's environment variables as the deployed function would see them. */
    public Map<String, String> environmentOf(SamTemplate.Function function) {
        Map<String, String> resolved = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> resolved.put(name, resolve(value)));
        return resolved;
    }

    /** Every email sent through the emulator so far, oldest first. */
    public List<SentMail> sentMail() {
        return mailbox.read(endpoint);
    }

    /**
     * An application context configured as the template configures the function when deployed:
     * its environment variables, read the way Micronaut reads real ones. Extra beans (a test's
     * clock, say) replace the function's own.
     */
    public ApplicationContext applicationContextOf(SamTemplate.Function function, Object... beans) {
        return applicationContextOf(function, Map.of(), beans);
    }

    /** The same, with some environment variables set otherwise (as a deployment's override would). */
    public ApplicationContext applicationContextOf(SamTemplate.Function function, Map<String, String> overrides,
                                                   Object... beans) {
        Map<String, Object> environment = new LinkedHashMap<>(environmentOf(function));
        environment.putAll(overrides);
        return ApplicationContext.builder()
                .propertySources(PropertySource.of(function.logicalId(), environment,
                        PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .singletons(beans)
                .start();
    }

    /**
     * Rotates the stack's branch key, as {@code infra/branch-key.sh version} does in AWS; returns the
     * new active version.
     */
    public String versionBranchKey() {
        try (DynamoDbClient dynamoDb = DynamoDbClient.create(); KmsClient kms = KmsClient.create()) {
            return branchKeys(dynamoDb, kms).version(parameters.get(BRANCH_KEY_ID));
        }
    }

    @Override
    public void close() {
        onClose.run();
    }

    private void provision() {
        try (DynamoDbClient dynamoDb = DynamoDbClient.create();
             KmsClient kms = KmsClient.create();
             SesClient ses = SesClient.create()) {
            for (SamTemplate.Table table : template.tables()) {
                createTable(dynamoDb, table);
                physicalIds.put(table.logicalId(), table.logicalId());
            }
            for (SamTemplate.Key key : template.keys()) {
                physicalIds.put(key.logicalId(), createKey(kms, key));
            }
            // Once per stack, as infra/branch-key.sh create does after the first deploy.
            branchKeys(dynamoDb, kms).createIfAbsent(parameters.get(BRANCH_KEY_ID));
            provisionQueuesAndRules();
            for (String configurationSet : template.configurationSets()) {
                try {
                    ses.createConfigurationSet(request -> request.configurationSet(set -> set.name(configurationSet)));
                } catch (ConfigurationSetAlreadyExistsException createdBefore) {
                    // a second start reuses what the first created
                }
                physicalIds.put(configurationSet, configurationSet);
            }
            String sender = parameters.get("SenderAddress");
            if (sender != null) {
                // Both emulators verify the address at once; asking again changes nothing.
                ses.verifyEmailIdentity(request -> request.emailAddress(sender));
            }
        }
        mailbox = SentMail.Mailbox.at(endpoint);
    }

    private BranchKeys branchKeys(DynamoDbClient dynamoDb, KmsClient kms) {
        return new BranchKeys(dynamoDb, kms, physicalIds.get(KEY_STORE_TABLE), parameters.get(KEY_STORE_LOGICAL_NAME),
                physicalIds.get(KEY_STORE_KEY));
    }

    /** The template's queues (with their redrive), and each function's rule with a queue as its target. */
    private void provisionQueuesAndRules() {
        try (SqsClient sqs = SqsClient.create(); EventBridgeClient events = EventBridgeClient.create()) {
            for (SamTemplate.Queue queue : template.queues()) {
                Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
                attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeout()));
                if (queue.deadLetterQueue() != null) {
                    attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\""
                            + arns.get(queue.deadLetterQueue()) + "\",\"maxReceiveCount\":" + queue.maxReceiveCount() + "}");
                }
                createQueue(sqs, queue.logicalId(), attributes);
            }
            for (SamTemplate.Function function : template.functions()) {
                for (SamTemplate.EventRule rule : function.eventRules()) {
                    String name = function.logicalId() + "-" + rule.name();
                    String url = createQueue(sqs, "rule-" + name, Map.of());
                    ruleQueues.put(function.logicalId() + "." + rule.name(), url);
                    events.putRule(request -> request.name(name).eventPattern(json(rule.pattern())));
                    events.putTargets(request -> request.rule(name).targets(target -> target.id("local-trigger")
                            .arn(arns.get("rule-" + name))));
                }
            }
        }
    }

    private String createQueue(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        String url = sqs.createQueue(request -> request.queueName(name).attributes(attributes)).queueUrl();
        physicalIds.put(name, url);
        arns.put(name, sqs.getQueueAttributes(request -> request.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
        return url;
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void createTable(DynamoDbClient dynamoDb, SamTemplate.Table table) {
        try {
            dynamoDb.createTable(request -> {
                request.tableName(table.logicalId())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(table.attributeTypes().entrySet().stream()
                                .map(attribute -> AttributeDefinition.builder().attributeName(attribute.getKey())
                                        .attributeType(attribute.getValue()).build())
                                .toList())
                        .keySchema(keySchema(table.key()));
                if (!table.indexes().isEmpty()) {
                    request.globalSecondaryIndexes(table.indexes().stream()
                            .map(index -> GlobalSecondaryIndex.builder()
                                    .indexName(index.name())
                                    .keySchema(keySchema(index.key()))
                                    .projection(projection -> projection.projectionType(index.projectionType())
                                            .nonKeyAttributes(index.nonKeyAttributes().isEmpty()
                                                    ? null : index.nonKeyAttributes()))
                                    .build())
                            .toList());
                }
            });
            if (table.ttlAttribute() != null) {
                dynamoDb.updateTimeToLive(request -> request.tableName(table.logicalId())
                        .timeToLiveSpecification(ttl -> ttl.attributeName(table.ttlAttribute()).enabled(true)));
            }
        } catch (ResourceInUseException alreadyCreated) {
            // a second start reuses what the first created
        }
    }

    private static List<KeySchemaElement> keySchema(SamTemplate.KeySchema key) {
        List<KeySchemaElement> elements = new ArrayList<>(List.of(KeySchemaElement.builder()
                .attributeName(key.partitionKey()).keyType(KeyType.HASH).build()));
        if (key.sortKey() != null) {
            elements.add(KeySchemaElement.builder().attributeName(key.sortKey()).keyType(KeyType.RANGE).build());
        }
        return elements;
    }

    /** Keys get an alias named for their logical id, so that a second start finds the first's keys. */
    private static String createKey(KmsClient kms, SamTemplate.Key key) {
        String alias = "alias/local/" + key.logicalId();
        try {
            return kms.describeKey(request -> request.keyId(alias)).keyMetadata().arn();
        } catch (NotFoundException notYetCreated) {
            String arn = kms.createKey(request -> request
                    .keySpec(key.keySpec())
                    .keyUsage(key.keyUsage())
                    .description(key.logicalId())).keyMetadata().arn();
            kms.createAlias(request -> request.aliasName(alias).targetKeyId(arn));
            return arn;
        }
    }

    /** Resolves the intrinsics a function's environment uses: Ref, GetAtt Arn, Sub, and Select from or Join of a list parameter. */
    private String resolve(Object value) {
        if (value instanceof Map<?, ?> intrinsic) {
            if (intrinsic.containsKey("Fn::Select")) {
                List<?> indexAndList = (List<?>) intrinsic.get("Fn::Select");
                Map<?, ?> list = (Map<?, ?>) indexAndList.get(1);
                return parameterList((String) list.get("Ref")).get(Integer.parseInt(String.valueOf(indexAndList.get(0))));
            }
            if (intrinsic.containsKey("Fn::Join")) {
                List<?> delimiterAndList = (List<?>) intrinsic.get("Fn::Join");
                Map<?, ?> list = (Map<?, ?>) delimiterAndList.get(1);
                return String.join((String) delimiterAndList.get(0), parameterList((String) list.get("Ref")));
            }
            if (intrinsic.containsKey("Ref")) {
                return reference((String) intrinsic.get("Ref"));
            }
            if (intrinsic.containsKey("Fn::GetAtt")) {
                Object target = intrinsic.get("Fn::GetAtt");
                String dotted = target instanceof List<?> parts ? parts.get(0) + "." + parts.get(1) : (String) target;
                return reference(dotted);
            }
            if (intrinsic.containsKey("Fn::Sub")) {
                Matcher matcher = SUB_VARIABLE.matcher((String) intrinsic.get("Fn::Sub"));
                return matcher.replaceAll(match -> Matcher.quoteReplacement(reference(match.group(1))));
            }
            throw new IllegalStateException("the local runner does not resolve " + intrinsic.keySet());
        }
        return String.valueOf(value);
    }

    private String reference(String name) {
        if (name.equals("AWS::Region")) {
            return REGION;
        }
        String logicalId = name.endsWith(".Arn") ? name.substring(0, name.length() - 4) : name;
        if (name.endsWith(".Arn") && arns.containsKey(logicalId)) {
            return arns.get(logicalId);
        }
        String found = parameters.containsKey(logicalId) ? parameters.get(logicalId) : physicalIds.get(logicalId);
        if (found == null) {
            throw new IllegalStateException("the local runner has no value for " + name);
        }
        return found;
    }

    private static void pointSdkAt(String endpoint) {
        System.setProperty("aws.endpointUrl", endpoint);
        System.setProperty("aws.region", REGION);
        // The emulator accepts any credentials; these keep the SDK from looking for real ones.
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
    }

    private static String run(Path script, String command, boolean mayFail) {
        try {
            Process process = new ProcessBuilder("bash", script.toString(), command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                if (mayFail) {
                    return "";
                }
                throw new IllegalStateException(script.getFileName() + " " + command + " failed with exit code " + exit);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }
}
