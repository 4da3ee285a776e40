package coach.eco.learners.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.ses.SesClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference the cold-start benchmark compares every HTTP function with: a signup written in plain
 * Java, no framework and no Database Encryption SDK, making the same AWS calls as the signup function
 * (a KMS MAC of the email, the hourly mail counter, one transaction of four items, one email through
 * SES) with the same SDK clients and HTTP client. Its items go to the lookup table under keys of their
 * own, with digests in place of the name and phone: it stands for the I/O, and is never deployed.
 */
public final class PlainJavaSignupHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");
    private final SecureRandom random = new SecureRandom();
    private final String table = System.getenv("LEARNER_LOOKUP_TABLE");
    private final String macKey = System.getenv("LEARNER_EMAIL_INDEX_KEY_ARN");
    private final String sender = System.getenv("LEARNER_SENDER_ADDRESS");
    private final KmsClient kms;
    private final DynamoDbClient dynamoDb;
    private final SesClient ses;

    public PlainJavaSignupHandler() {
        SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build();
        kms = KmsClient.builder().httpClient(http).build();
        dynamoDb = DynamoDbClient.builder().httpClient(http).build();
        ses = SesClient.builder().httpClient(http).build();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> form = new java.util.HashMap<>();
        Matcher field = FIELD.matcher(event.getBody());
        while (field.find()) {
            form.put(field.group(1), field.group(2));
        }
        String email = form.get("email");
        if (email == null || !email.contains("@")) {
            return response(400, "{\"type\":\"invalid\"}");
        }
        byte[] mac = kms.generateMac(request -> request.keyId(macKey).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                .message(SdkBytes.fromString(email.toLowerCase(), StandardCharsets.UTF_8))).mac().asByteArray();
        String emailKey = "reference#" + HexFormat.of().formatHex(mac);
        String hour = Long.toString(System.currentTimeMillis() / 3_600_000);
        dynamoDb.updateItem(request -> request.tableName(table)
                .key(Map.of("lookupKey", s(emailKey + "#mails#" + hour)))
                .updateExpression("ADD sent :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        String profileId = UUID.randomUUID().toString();
        byte[] token = new byte[32];
        random.nextBytes(token);
        String link = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        dynamoDb.transactWriteItems(request -> request.transactItems(
                put(Map.of("lookupKey", s(emailKey), "profileId", s(profileId)), true),
                // Digests, not the values: no plaintext personal data in a table, even from the reference.
                put(Map.of("lookupKey", s("reference#profile#" + profileId), "profileId", s(profileId),
                        "fullName", s(digest(form.getOrDefault("fullName", ""))),
                        "phone", s(digest(form.getOrDefault("phone", "")))), true),
                put(Map.of("lookupKey", s("reference#token#" + link), "profileId", s(profileId)), true),
                put(Map.of("lookupKey", s("reference#audit#" + profileId), "profileId", s(profileId),
                        "event", s("PROFILE_CREATED")), false)));
        ses.sendEmail(request -> request.source(sender)
                .destination(to -> to.toAddresses(email))
                .message(message -> message
                        .subject(subject -> subject.data("Confirm your email").charset("UTF-8"))
                        .body(body -> body.text(text -> text.data("Confirm: https://eco-coach.example/verify-email#token="
                                + link).charset("UTF-8")))));
        return response(202, "{\"status\":\"accepted\"}");
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, boolean onlyIfAbsent) {
        return TransactWriteItem.builder().put(put -> {
            put.tableName(table).item(item);
            if (onlyIfAbsent) {
                put.conditionExpression("attribute_not_exists(lookupKey)");
            }
        }).build();
    }

    private static String digest(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static APIGatewayV2HTTPResponse response(int status, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json")).withBody(body).build();
    }
}
