package coach.eco.learners.testing;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
    /** One item call per function, table, action and kind of partition key (what comes before its first '#'). */
    private static final Map<String, ItemCall> ITEM_CALLS = new ConcurrentHashMap<>();

    /**
     * A function's call on one item of a table (a logical id), by its partition key's value, with the
     * attributes a write names (an update's names and its key, a put's item), as IAM's dynamodb:Attributes sees them.
     */
    public record ItemCall(String function, String table, String action, String partitionKey, Set<String> attributes) {
        @Override
        public String toString() {
            return function + " " + table + " " + action + " " + partitionKey + " " + new TreeSet<>(attributes);
        }
    }

    /** Every call recorded so far in this JVM. */
    public static Set<String> calls() {
        return Set.copyOf(CALLS);
    }

    /** An item call of every kind recorded so far in this JVM: what the roles' LeadingKeys conditions must allow. */
    public static List<ItemCall> itemCalls() {
        return List.copyOf(ITEM_CALLS.values());
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
        for (ItemCall call : itemCallsOf(function.get(), context.request())) {
            String partitionKey = call.partitionKey();
            String kind = partitionKey.contains("#") ? partitionKey.substring(0, partitionKey.indexOf('#')) : "";
            ITEM_CALLS.putIfAbsent(call.function() + " " + call.table() + " " + call.action() + " " + kind
                    + " " + new TreeSet<>(call.attributes()), call);
        }
    }

    /** The items a DynamoDB request reads or writes, each with the action IAM authorises it as. */
    private static List<ItemCall> itemCallsOf(String function, SdkRequest request) {
        List<ItemCall> calls = new ArrayList<>();
        if (request instanceof TransactWriteItemsRequest transaction) {
            for (TransactWriteItem item : transaction.transactItems()) {
                String permission = permissionOf(item);
                String action = permission.substring(permission.indexOf(' ') + 1);
                String table = permission.substring(0, permission.indexOf(' '));
                if (item.put() != null) {
                    calls.add(itemCall(function, table, action, item.put().item(), item.put().item().keySet()));
                } else if (item.update() != null) {
                    calls.add(itemCall(function, table, action, item.update().key(),
                            named(item.update().key(), item.update().expressionAttributeNames())));
                } else {
                    calls.add(itemCall(function, table, action,
                            item.delete() != null ? item.delete().key() : item.conditionCheck().key(), Set.of()));
                }
            }
        } else if (request instanceof GetItemRequest get) {
            calls.add(itemCall(function, table(get.tableName()), "dynamodb:GetItem", get.key(), Set.of()));
        } else if (request instanceof PutItemRequest put) {
            calls.add(itemCall(function, table(put.tableName()), "dynamodb:PutItem", put.item(), put.item().keySet()));
        } else if (request instanceof UpdateItemRequest update) {
            calls.add(itemCall(function, table(update.tableName()), "dynamodb:UpdateItem", update.key(),
                    named(update.key(), update.expressionAttributeNames())));
        } else if (request instanceof DeleteItemRequest delete) {
            calls.add(itemCall(function, table(delete.tableName()), "dynamodb:DeleteItem", delete.key(), Set.of()));
        } else if (request instanceof BatchGetItemRequest batch) {
            batch.requestItems().forEach((table, keys) -> keys.keys().forEach(key ->
                    calls.add(itemCall(function, table(table), "dynamodb:BatchGetItem", key, Set.of()))));
        } else if (request instanceof BatchWriteItemRequest batch) {
            batch.requestItems().forEach((table, writes) -> writes.forEach(write -> calls.add(
                    write.putRequest() != null
                            ? itemCall(function, table(table), "dynamodb:BatchWriteItem", write.putRequest().item(),
                                    write.putRequest().item().keySet())
                            : itemCall(function, table(table), "dynamodb:BatchWriteItem", write.deleteRequest().key(),
                                    Set.of()))));
        }
        return calls;
    }

    /** An update's attributes: its key's and those its expressions name (the code names every one through #names). */
    private static Set<String> named(Map<String, AttributeValue> key, Map<String, String> expressionNames) {
        Set<String> names = new TreeSet<>(key.keySet());
        names.addAll(expressionNames.values());
        return names;
    }

    private static ItemCall itemCall(String function, String table, String action, Map<String, AttributeValue> item,
                                     Set<String> attributes) {
        String partitionKey = LocalAwsExtension.template().tables().stream()
                .filter(declared -> declared.logicalId().equals(table)).findFirst()
                .map(declared -> item.get(declared.key().partitionKey()))
                .map(value -> value.s() != null ? value.s() : String.valueOf(value.n())).orElse("?");
        return new ItemCall(function, table, action, partitionKey, Set.copyOf(attributes));
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
