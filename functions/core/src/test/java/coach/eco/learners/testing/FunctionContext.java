package coach.eco.learners.testing;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One function's beans over the emulator, built from the template as its handler builds them, and a
 * plain DynamoDB client to read the raw tables: started before the test class, closed after it.
 * Registered with {@code @RegisterExtension} in a class extended with {@link LocalAwsExtension},
 * which has started the emulator by then.
 */
public final class FunctionContext implements BeforeAllCallback, AfterAllCallback {
    private final String functionLogicalId;
    private ApplicationContext context;
    private DynamoDbClient plainDynamoDb;

    public FunctionContext(String functionLogicalId) {
        this.functionLogicalId = functionLogicalId;
    }

    @Override
    public void beforeAll(ExtensionContext extensionContext) {
        plainDynamoDb = DynamoDbClient.create();
        context = LocalAwsExtension.contextOf(functionLogicalId);
    }

    @Override
    public void afterAll(ExtensionContext extensionContext) {
        // Nothing was started where the emulator's extension skipped the class.
        if (plainDynamoDb != null) {
            plainDynamoDb.close();
        }
        if (context != null) {
            context.close();
        }
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public DynamoDbClient plainDynamoDb() {
        return plainDynamoDb;
    }
}
