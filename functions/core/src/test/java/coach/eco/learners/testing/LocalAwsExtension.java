package coach.eco.learners.testing;

import coach.eco.learners.local.LocalAws;
import coach.eco.learners.local.SamTemplate;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Integration tests run against the local AWS emulator over HTTP, with the tables, keys and
 * identity that template.yaml declares. Started once per test run, stopped at its end (unless it was
 * already running when the run began, for example under the run command). The same tests run
 * against LocalStack where a Docker engine is present, or against any AWS endpoint already running
 * (LocalStack started by hand, say) named by {@code -Dlocal-aws.endpoint} or {@code LOCAL_AWS_ENDPOINT}.
 */
public class LocalAwsExtension implements BeforeAllCallback {
    private static final String STORE_KEY = LocalAws.class.getName();
    /** {@code -Dlocal-aws.target=localstack} runs the same suite against LocalStack in Docker. */
    private static final String TARGET_PROPERTY = "local-aws.target";
    private static final String LOCALSTACK = "localstack";
    /** An AWS endpoint that runs already: the tests create what the template declares in it and leave it running. */
    private static final String ENDPOINT_PROPERTY = "local-aws.endpoint";
    private static final String ENDPOINT_VARIABLE = "LOCAL_AWS_ENDPOINT";
    /** The test stack's parameters where the template's defaults will not do. */
    static final Map<String, String> PARAMETERS = Map.of("StaffRoleArns", TestStaff.ROLE,
            "PublisherRoleArns", TestStaff.ROLE);

    record Session(SamTemplate template, LocalAws aws) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            aws.close();
        }
    }

    private static volatile Session session;

    @Override
    public void beforeAll(ExtensionContext context) {
        boolean localStack = LOCALSTACK.equals(System.getProperty(TARGET_PROPERTY));
        URI existing = existingEndpoint();
        if (localStack && existing == null && !LocalStack.dockerIsAvailable()) {
            String reason = "LocalStack suite skipped for " + context.getDisplayName()
                    + ": no Docker engine answers here, and no running LocalStack is named by -D" + ENDPOINT_PROPERTY
                    + " or " + ENDPOINT_VARIABLE;
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        session = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(STORE_KEY,
                key -> {
                    SamTemplate template = SamTemplate.locate();
                    LocalAws aws;
                    if (existing != null) {
                        System.out.println("integration tests against the AWS endpoint at " + existing);
                        aws = LocalAws.connect(template, existing, PARAMETERS, () -> { });
                    } else {
                        aws = localStack ? LocalStack.start(template) : LocalAws.start(template, PARAMETERS);
                    }
                    return new Session(template, aws);
                }, Session.class);
    }

    /** The running endpoint the tests were told to use, if any: the system property first, then the environment. */
    private static URI existingEndpoint() {
        String endpoint = System.getProperty(ENDPOINT_PROPERTY, System.getenv(ENDPOINT_VARIABLE));
        return endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip());
    }

    public static LocalAws aws() {
        return session().aws();
    }

    public static SamTemplate template() {
        return session().template();
    }

    /** An application context configured as the named function of the template is when deployed. */
    public static ApplicationContext contextOf(String functionLogicalId, Object... beans) {
        return contextOf(functionLogicalId, Map.of(), beans);
    }

    /** The same, with some environment variables set otherwise (to provoke a fault, say). */
    public static ApplicationContext contextOf(String functionLogicalId, Map<String, String> overrides,
                                               Object... beans) {
        return aws().applicationContextOf(template().function(functionLogicalId), overrides, beans);
    }

    /**
     * Builds a function whose KMS client points elsewhere (an endpoint that does not answer, say):
     * the SDK reads the setting when a client is built, which the handler's construction does.
     */
    public static <T> T builtWithKmsAt(String endpoint, Supplier<T> build) {
        System.setProperty("aws.endpointUrlKms", endpoint);
        try {
            return build.get();
        } finally {
            System.clearProperty("aws.endpointUrlKms");
        }
    }

    /** Whether a test class of this extension is running in this JVM. */
    static boolean inSession() {
        return session != null;
    }

    private static Session session() {
        if (session == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(LocalAwsExtension.class)");
        }
        return session;
    }
}
