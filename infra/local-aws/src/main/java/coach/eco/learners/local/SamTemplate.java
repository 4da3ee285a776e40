package coach.eco.learners.local;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * template.yaml, read as the single source of truth for what exists: tables, keys, functions, their
 * environment and their HTTP routes. Short-form intrinsics (!Ref, !GetAtt, !Sub) become their long
 * forms, as CloudFormation reads them.
 */
public final class SamTemplate {
    /** A table as declared: attribute types by name, key schema, global secondary indexes, TTL. */
    public record Table(String logicalId, Map<String, String> attributeTypes, KeySchema key, List<Index> indexes,
                        String ttlAttribute) {
    }

    /** A partition key and an optional sort key (null when absent). */
    public record KeySchema(String partitionKey, String sortKey) {
    }

    /** A global secondary index; {@code nonKeyAttributes} are those an INCLUDE projection adds. */
    public record Index(String name, KeySchema key, String projectionType, List<String> nonKeyAttributes) {
    }

    public record Key(String logicalId, String keySpec, String keyUsage) {
    }

    /** A route; {@code authorizer} is "AWS_IAM" for routes API Gateway itself authenticates, else null. */
    public record Route(String method, String path, String authorizer) {
        private static final Pattern PARAMETER = Pattern.compile("\\{([^}/]+)}");

        /** How API Gateway names the route in the event it sends: "POST /v1/profiles". */
        public String routeKey() {
            return method.toUpperCase() + " " + path;
        }

        /**
         * The path parameters API Gateway passes when this route serves a request (raw path, as
         * sent), by name and URL-decoded; empty when it does not serve it.
         */
        public Optional<Map<String, String>> serves(String requestMethod, String rawPath) {
            if (!method.equalsIgnoreCase(requestMethod)) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            StringBuilder regex = new StringBuilder();
            Matcher parameter = PARAMETER.matcher(path);
            int end = 0;
            while (parameter.find()) {
                regex.append(Pattern.quote(path.substring(end, parameter.start()))).append("([^/]+)");
                names.add(parameter.group(1));
                end = parameter.end();
            }
            regex.append(Pattern.quote(path.substring(end)));
            Matcher matched = Pattern.compile(regex.toString()).matcher(rawPath);
            if (!matched.matches()) {
                return Optional.empty();
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), URLDecoder.decode(matched.group(i + 1), StandardCharsets.UTF_8));
            }
            return Optional.of(values);
        }
    }

    /** An EventBridge Scheduler schedule (a ScheduleV2 event) and the input it sends. */
    public record Schedule(String name, String expression, String timezone, String input) {
    }

    /** An SQS queue; a dead-letter queue (its logical id) takes messages received {@code maxReceiveCount} times. */
    public record Queue(String logicalId, int visibilityTimeout, String deadLetterQueue, int maxReceiveCount) {
    }

    /** A function's SQS event source: the queue (its logical id) and how many messages one invocation gets. */
    public record QueueSource(String name, String queue, int batchSize) {
    }

    /** A function's EventBridge rule on the default bus, with its event pattern. */
    public record EventRule(String name, Map<String, Object> pattern) {
    }

    /**
     * An Allow statement of a function's role: its actions, and its resources with each ARN
     * reference written as the logical id it names ({@code !GetAtt KeyStoreTable.Arn} is "KeyStoreTable",
     * {@code !Sub ${LookupTable.Arn}/index/ByProfile} is "LookupTable/index/ByProfile"). {@code leadingKeys}
     * are the patterns of its {@code ForAllValues:StringLike} condition on {@code dynamodb:LeadingKeys} (the
     * partition keys of the items it allows), {@code attributes} the names of its {@code ForAllValues:StringEquals}
     * condition on {@code dynamodb:Attributes} (the only attributes a request may name); each empty when absent.
     */
    public record Grant(List<String> actions, List<String> resources, List<String> leadingKeys, List<String> attributes) {
        /**
         * Whether it allows this action on this resource for the item with this partition key, the request
         * naming these attributes, as IAM decides.
         */
        public boolean allows(String resource, String action, String partitionKey, Collection<String> named) {
            return resources.contains(resource) && actions.contains(action)
                    && (leadingKeys.isEmpty() || leadingKeys.stream().anyMatch(pattern -> stringLike(pattern, partitionKey)))
                    && (attributes.isEmpty() || attributes.containsAll(named));
        }

        /** IAM's StringLike: {@code *} any run of characters, {@code ?} any one, case-sensitive. */
        private static boolean stringLike(String pattern, String value) {
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            return value.matches(regex.toString());
        }
    }

    /** One action allowed on one resource, the resource named as in {@link Grant#resources()}. */
    public record Permission(String resource, String action) {
        @Override
        public String toString() {
            return resource + " " + action;
        }
    }

    /** A function; {@code grants} are the statements of its role's policies. */
    public record Function(String logicalId, String handler, String codeUri, Map<String, Object> environment,
                           List<Route> routes, List<Schedule> schedules, List<QueueSource> queueSources,
                           List<EventRule> eventRules, List<Grant> grants) {
        /** Every IAM action its role's statements allow. */
        public List<String> policyActions() {
            return grants.stream().flatMap(grant -> grant.actions().stream()).toList();
        }

        /** Every action on every resource its role's statements allow, one by one. */
        public List<Permission> permissions() {
            return grants.stream().flatMap(grant -> grant.resources().stream().flatMap(resource ->
                    grant.actions().stream().map(action -> new Permission(resource, action)))).toList();
        }

        /** The actions it may take on this resource (a logical id, as in {@link Grant#resources()}). */
        public List<String> actionsOn(String resource) {
            return grants.stream().filter(grant -> grant.resources().contains(resource))
                    .flatMap(grant -> grant.actions().stream()).toList();
        }

        /** Whether one of its statements allows this action on this item of this resource, naming these attributes. */
        public boolean allows(String resource, String action, String partitionKey, Collection<String> named) {
            return grants.stream().anyMatch(grant -> grant.allows(resource, action, partitionKey, named));
        }

        /** The handler's class; a "Class::method" handler names its method after the colons. */
        public String handlerClass() {
            int method = handler.indexOf("::");
            return method < 0 ? handler : handler.substring(0, method);
        }
    }

    private final Path path;
    private final Map<String, Object> root;

    private SamTemplate(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    public static SamTemplate load(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Map<String, Object> root = new Yaml(new IntrinsicsConstructor()).load(reader);
            return new SamTemplate(path, root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    /** The project's template, found from the working directory upwards. */
    public static SamTemplate locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) {
                return load(candidate);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }

    /** The whole template, intrinsics in their long forms, for checks the records above do not cover. */
    public Map<String, Object> raw() {
        return root;
    }

    public Path projectRoot() {
        return path.toAbsolutePath().getParent();
    }

    public Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        section("Parameters").forEach((name, spec) -> {
            Object value = map(spec).get("Default");
            if (value != null) {
                defaults.put(name, String.valueOf(value));
            }
        });
        return defaults;
    }

    public List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        resources("AWS::DynamoDB::Table").forEach((id, properties) -> {
            Map<String, String> attributeTypes = new LinkedHashMap<>();
            list(properties.get("AttributeDefinitions")).stream().map(SamTemplate::map).forEach(attribute ->
                    attributeTypes.put((String) attribute.get("AttributeName"), (String) attribute.get("AttributeType")));
            List<Index> indexes = list(properties.getOrDefault("GlobalSecondaryIndexes", List.of())).stream()
                    .map(SamTemplate::map)
                    .map(index -> new Index((String) index.get("IndexName"), keySchema(id, index),
                            (String) map(index.get("Projection")).get("ProjectionType"),
                            list(map(index.get("Projection")).getOrDefault("NonKeyAttributes", List.of())).stream()
                                    .map(String.class::cast).toList()))
                    .toList();
            Map<String, Object> ttl = map(properties.getOrDefault("TimeToLiveSpecification", Map.of()));
            tables.add(new Table(id, attributeTypes, keySchema(id, properties), indexes,
                    Boolean.TRUE.equals(ttl.get("Enabled")) ? (String) ttl.get("AttributeName") : null));
        });
        return tables;
    }

    private static KeySchema keySchema(String tableId, Map<String, Object> declaration) {
        String partitionKey = keyAttribute(declaration, "HASH");
        if (partitionKey == null) {
            throw new IllegalStateException(tableId + " declares a key schema without a partition key");
        }
        return new KeySchema(partitionKey, keyAttribute(declaration, "RANGE"));
    }

    private static String keyAttribute(Map<String, Object> declaration, String keyType) {
        return list(declaration.get("KeySchema")).stream().map(SamTemplate::map)
                .filter(key -> keyType.equals(key.get("KeyType")))
                .map(key -> (String) key.get("AttributeName"))
                .findFirst().orElse(null);
    }

    public List<Key> keys() {
        List<Key> keys = new ArrayList<>();
        resources("AWS::KMS::Key").forEach((id, properties) -> keys.add(new Key(id,
                (String) properties.getOrDefault("KeySpec", "SYMMETRIC_DEFAULT"),
                (String) properties.getOrDefault("KeyUsage", "ENCRYPT_DECRYPT"))));
        return keys;
    }

    public List<Function> functions() {
        Map<String, Object> globals = map(map(section("Globals")).getOrDefault("Function", Map.of()));
        List<Function> functions = new ArrayList<>();
        resources("AWS::Serverless::Function").forEach((id, properties) -> {
            Map<String, Object> environment = new LinkedHashMap<>(variables(globals));
            environment.putAll(variables(properties));
            List<Route> routes = new ArrayList<>();
            List<Schedule> schedules = new ArrayList<>();
            List<QueueSource> queueSources = new ArrayList<>();
            List<EventRule> eventRules = new ArrayList<>();
            map(properties.getOrDefault("Events", Map.of())).forEach((name, declared) -> {
                Map<String, Object> event = map(declared);
                Map<String, Object> eventProperties = map(event.get("Properties"));
                if ("HttpApi".equals(event.get("Type"))) {
                    routes.add(new Route((String) eventProperties.get("Method"), (String) eventProperties.get("Path"),
                            (String) map(eventProperties.getOrDefault("Auth", Map.of())).get("Authorizer")));
                } else if ("ScheduleV2".equals(event.get("Type"))) {
                    schedules.add(new Schedule(name, (String) eventProperties.get("ScheduleExpression"),
                            (String) eventProperties.get("ScheduleExpressionTimezone"),
                            (String) eventProperties.getOrDefault("Input", "{}")));
                } else if ("SQS".equals(event.get("Type"))) {
                    queueSources.add(new QueueSource(name, logicalIdOf(eventProperties.get("Queue")),
                            ((Number) eventProperties.getOrDefault("BatchSize", 10)).intValue()));
                } else if ("EventBridgeRule".equals(event.get("Type"))) {
                    eventRules.add(new EventRule(name, map(eventProperties.get("Pattern"))));
                }
            });
            functions.add(new Function(id, (String) properties.get("Handler"), (String) properties.get("CodeUri"),
                    environment, routes, schedules, queueSources, eventRules, grants(id, properties.get("Role"))));
        });
        return functions;
    }

    /** The logical ids of the SES configuration sets. */
    public List<String> configurationSets() {
        return List.copyOf(resources("AWS::SES::ConfigurationSet").keySet());
    }

    /** Queues in an order that creates every dead-letter queue before the queues that use it. */
    public List<Queue> queues() {
        List<Queue> queues = new ArrayList<>();
        resources("AWS::SQS::Queue").forEach((id, properties) -> {
            Map<String, Object> redrive = map(properties.getOrDefault("RedrivePolicy", Map.of()));
            queues.add(new Queue(id, ((Number) properties.getOrDefault("VisibilityTimeout", 30)).intValue(),
                    redrive.isEmpty() ? null : logicalIdOf(redrive.get("deadLetterTargetArn")),
                    ((Number) redrive.getOrDefault("maxReceiveCount", 0)).intValue()));
        });
        queues.sort(java.util.Comparator.comparing(queue -> queue.deadLetterQueue() != null));
        return queues;
    }

    /** The logical id an intrinsic names: !Ref X, !GetAtt X.Arn. */
    private static String logicalIdOf(Object intrinsic) {
        Map<String, Object> reference = map(intrinsic);
        Object target = reference.containsKey("Ref") ? reference.get("Ref") : reference.get("Fn::GetAtt");
        String dotted = target instanceof List<?> parts ? (String) parts.get(0) : (String) target;
        return dotted.split("\\.")[0];
    }

    /** The function with this logical id. */
    public Function function(String logicalId) {
        return functions().stream().filter(function -> function.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no function " + logicalId + " in the template"));
    }

    /**
     * The Allow statements of a function's role ({@code !GetAtt XRole.Arn}): those of the role's own policies
     * and of every policy resource attached to it apart.
     */
    private List<Grant> grants(String function, Object role) {
        if (role == null) {
            throw new IllegalStateException(function + " names no Role: SAM would generate one, with managed policies");
        }
        String roleId = logicalIdOf(role);
        List<Object> documents = new ArrayList<>();
        list(resources("AWS::IAM::Role").get(roleId).getOrDefault("Policies", List.of()))
                .forEach(policy -> documents.add(map(policy).get("PolicyDocument")));
        resources("AWS::IAM::RolePolicy").values().stream()
                .filter(policy -> map(policy.get("RoleName")).equals(Map.of("Ref", roleId)))
                .forEach(policy -> documents.add(policy.get("PolicyDocument")));
        List<Grant> grants = new ArrayList<>();
        for (Object document : documents) {
            for (Object statement : list(map(document).getOrDefault("Statement", List.of()))) {
                Map<String, Object> declared = map(statement);
                grants.add(new Grant(oneOrMany(declared.get("Action")).stream().map(String.class::cast).toList(),
                        oneOrMany(declared.get("Resource")).stream().map(SamTemplate::resourceName).toList(),
                        condition(declared, "ForAllValues:StringLike", "dynamodb:LeadingKeys"),
                        condition(declared, "ForAllValues:StringEquals", "dynamodb:Attributes")));
            }
        }
        return grants;
    }

    /** The values a statement's condition gives this key under this operator; empty when it has none. */
    private static List<String> condition(Map<String, Object> statement, String operator, String key) {
        Object values = map(map(statement.getOrDefault("Condition", Map.of())).getOrDefault(operator, Map.of())).get(key);
        return values == null ? List.of() : oneOrMany(values).stream().map(String.class::cast).toList();
    }

    private static List<Object> oneOrMany(Object value) {
        return value instanceof List<?> several ? list(several) : List.of(value);
    }

    private static String resourceName(Object resource) {
        if (resource instanceof Map<?, ?> intrinsic) {
            Object getAtt = intrinsic.get("Fn::GetAtt");
            if (getAtt != null) {
                return getAtt instanceof List<?> parts ? (String) parts.get(0) : ((String) getAtt).split("\\.")[0];
            }
            if (intrinsic.containsKey("Ref")) {
                return (String) intrinsic.get("Ref");
            }
            if (intrinsic.containsKey("Fn::Sub")) {
                return ((String) intrinsic.get("Fn::Sub")).replaceAll("\\$\\{([A-Za-z0-9:]+)(\\.Arn)?}", "$1");
            }
        }
        return String.valueOf(resource);
    }

    /** The properties of every resource of the type, by logical id, as written (intrinsics as maps). */
    public Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        section("Resources").forEach((id, resource) -> {
            Map<String, Object> spec = map(resource);
            if (type.equals(spec.get("Type"))) {
                found.put(id, map(spec.getOrDefault("Properties", Map.of())));
            }
        });
        return found;
    }

    private Map<String, Object> section(String name) {
        return map(root.getOrDefault(name, Map.of()));
    }

    private static Map<String, Object> variables(Map<String, Object> functionProperties) {
        return map(map(functionProperties.getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of()));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** Reads "!Ref X" as {Ref: X} and "!Name args" as {Fn::Name: args}. */
    private static final class IntrinsicsConstructor extends SafeConstructor {
        IntrinsicsConstructor() {
            super(new LoaderOptions());
            for (String name : List.of("Ref", "GetAtt", "Sub", "Join", "If", "Equals", "Not", "And", "Or",
                    "Select", "Split", "FindInMap", "ImportValue", "Base64", "GetAZs", "Condition", "Cidr")) {
                String longName = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                yamlConstructors.put(new Tag("!" + name), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode scalar) {
                            value = constructScalar(scalar);
                        } else if (node instanceof SequenceNode sequence) {
                            value = constructSequence(sequence);
                        } else {
                            value = constructMapping((MappingNode) node);
                        }
                        return Map.of(longName, value);
                    }
                });
            }
        }
    }
}
