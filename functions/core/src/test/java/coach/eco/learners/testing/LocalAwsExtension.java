package coach.eco.learners.testing;

import coach.eco.learners.local.LocalAws;
import coach.eco.learners.local.SamTemplate;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/**
 * Integration tests run against the local AWS emulator over HTTP, with the tables, keys and
 * identity that template.yaml declares. Started once per test run, stopped at its end (unless it was
 * already running when the run began, for example under the run command).
 */
public class LocalAwsExtension implements BeforeAllCallback {
    private static final String STORE_KEY = LocalAws.class.getName();

    record Session(SamTemplate template, LocalAws aws) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            aws.close();
        }
    }

    private static volatile Session session;

    @Override
    public void beforeAll(ExtensionContext context) {
        session = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(STORE_KEY,
                key -> {
                    SamTemplate template = SamTemplate.locate();
                    return new Session(template, LocalAws.start(template, Map.of()));
                }, Session.class);
    }

    public static LocalAws aws() {
        return session().aws();
    }

    public static SamTemplate template() {
        return session().template();
    }

    /** An application context configured as the named function of the template is when deployed. */
    public static ApplicationContext contextOf(String functionLogicalId, Object... beans) {
        SamTemplate.Function function = template().functions().stream()
                .filter(candidate -> candidate.logicalId().equals(functionLogicalId))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no function " + functionLogicalId));
        return aws().applicationContextOf(function, beans);
    }

    private static Session session() {
        if (session == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(LocalAwsExtension.class)");
        }
        return session;
    }
}
