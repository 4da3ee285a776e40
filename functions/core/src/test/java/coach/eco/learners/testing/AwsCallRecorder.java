package coach.eco.learners.testing;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Records every AWS call a function makes during the test run, as "Function resource action" in
 * the terms of template.permissions.tsv: the function is the handler class on the call's stack,
 * the resource the template's logical id. The SDK adds it to every client it builds in tests
 * (software/amazon/awssdk/global/handlers/execution.interceptors); calls made outside a handler
 * (the tests' own set-up and checks) are not recorded.
 */
public class AwsCallRecorder implements ExecutionInterceptor {
    /** SES identities are granted by ARN pattern in the template, not by logical id. */
    public static final String SES_IDENTITIES =
            "arn:AWS::Partition:ses:AWS::Region:AWS::AccountId:identity/*";
    /** Events go to the account's default bus, granted by ARN pattern. */
    private static final String DEFAULT_EVENT_BUS =
            "arn:AWS::Partition:events:AWS::Region:AWS::AccountId:event-bus/default";
    private static final Pattern HANDLER = Pattern.compile("coach\\.eco\\.learners\\.[a-z]+\\.[A-Za-z]+Function");
    private static final Set<String> CALLS = ConcurrentHashMap.newKeySet();

    /** Every call recorded so far in this JVM. */
    public static Set<String> calls() {
        return Set.copyOf(CALLS);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Optional<String> function = StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .filter(name -> HANDLER.matcher(name).matches() && !name.endsWith(".HttpFunction"))
                .map(name -> name.substring(name.lastIndexOf('.') + 1))
                .findFirst());
        // Outside a test class of the extension (a benchmark's main, say) there is nothing to check against.
        if (function.isEmpty() || !LocalAwsExtension.inSession()) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        permissionsOf(service, operation, context.request())
                .forEach(permission -> CALLS.add(function.get() + " " + permission));
    }

    /**
     * A call named by what it does, whatever comes before it: "DynamoDb.TransactWriteItems
     * AuditTable+LookupTable+ProfilesTable", "Kms.GenerateMac EmailIndexKey", "Ses.SendRawEmail".
     */
    public static String callName(String service, String operation, SdkRequest request) {
        String resources = permissionsOf(service, operation, request).stream()
                .map(permission -> permission.substring(0, permission.indexOf(' ')))
                .filter(resource -> !resource.startsWith("arn:")).distinct().sorted()
                .collect(Collectors.joining("+"));
        return service + "." + operation + (resources.isEmpty() ? "" : " " + resources);
    }

    private static List<String> permissionsOf(String service, String operation, SdkRequest request) {
        if (request instanceof TransactWriteItemsRequest transaction) {
            return transaction.transactItems().stream().map(AwsCallRecorder::permissionOf).toList();
        }
        if (request instanceof GetItemRequest get) {
            return List.of(table(get.tableName()) + " dynamodb:GetItem");
        }
        if (request instanceof PutItemRequest put) {
            return List.of(table(put.tableName()) + " dynamodb:PutItem");
        }
        if (request instanceof UpdateItemRequest update) {
            return List.of(table(update.tableName()) + " dynamodb:UpdateItem");
        }
        if (request instanceof DeleteItemRequest delete) {
            return List.of(table(delete.tableName()) + " dynamodb:DeleteItem");
        }
        if (request instanceof BatchGetItemRequest batch) {
            return batch.requestItems().keySet().stream()
                    .map(table -> table(table) + " dynamodb:BatchGetItem").toList();
        }
        if (request instanceof BatchWriteItemRequest batch) {
            return batch.requestItems().keySet().stream()
                    .map(table -> table(table) + " dynamodb:BatchWriteItem").toList();
        }
        if (request instanceof ScanRequest scan) {
            return List.of(table(scan.tableName()) + (scan.indexName() == null ? "" : "/index/" + scan.indexName())
                    + " dynamodb:Scan");
        }
        if (request instanceof QueryRequest query) {
            return List.of(table(query.tableName()) + (query.indexName() == null ? "" : "/index/" + query.indexName())
                    + " dynamodb:Query");
        }
        return switch (service.toLowerCase(Locale.ROOT)) {
            case "kms" -> List.of(key(request) + " kms:" + operation);
            case "ses" -> List.of(SES_IDENTITIES + " ses:" + operation);
            // A queue's URL ends with its name, which is its logical id here; a batch needs SendMessage.
            case "sqs" -> List.of(queue(request) + " sqs:" + operation.replace("SendMessageBatch", "SendMessage"));
            case "eventbridge" -> List.of(DEFAULT_EVENT_BUS + " events:" + operation);
            // Anything else is recorded as it is, so that the check names it.
            default -> List.of("* " + service.toLowerCase() + ":" + operation);
        };
    }

    private static String permissionOf(TransactWriteItem item) {
        if (item.put() != null) {
            return table(item.put().tableName()) + " dynamodb:PutItem";
        }
        if (item.update() != null) {
            return table(item.update().tableName()) + " dynamodb:UpdateItem";
        }
        if (item.delete() != null) {
            return table(item.delete().tableName()) + " dynamodb:DeleteItem";
        }
        return table(item.conditionCheck().tableName()) + " dynamodb:ConditionCheckItem";
    }

    /** Tables are named for their logical id here; a restored copy carries a suffix after it. */
    private static String table(String physicalName) {
        int suffix = physicalName.indexOf('-');
        return suffix < 0 ? physicalName : physicalName.substring(0, suffix);
    }

    private static String queue(SdkRequest request) {
        String url = request.getValueForField("QueueUrl", String.class).orElse("?");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static String key(SdkRequest request) {
        String keyId = request.getValueForField("KeyId", String.class).orElse("?");
        Map<String, String> logicalIds = LocalAwsExtension.template().keys().stream()
                .collect(Collectors.toMap(key -> LocalAwsExtension.aws().physicalId(key.logicalId()),
                        key -> key.logicalId()));
        return logicalIds.getOrDefault(keyId, keyId);
    }
}
