package coach.eco.learners.http;

import coach.eco.learners.refusal.Refusal;

import coach.eco.learners.aws.KmsMacs;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.idempotency.IdempotencyStore;
import coach.eco.learners.idempotency.IdempotencyStore.Outcome;
import coach.eco.learners.idempotency.KeyedRequest;
import coach.eco.learners.idempotency.StoredAnswer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on the routes that change state: a retry with the key gets the first
 * answer and changes nothing more; the key sent with another request is refused (422); a retry
 * while the first attempt runs is refused (409); a failed attempt frees the key. The key is scoped
 * to the route and the caller's credentials and stored only as an HMAC under a KMS key; what was
 * sent is compared by its hash, stored encrypted with the answer.
 */
@Singleton
public class IdempotentRequests {
    public static final String HEADER = "idempotency-key";
    /** Marks an answer given again from the first attempt. */
    public static final String REPLAYED = "idempotent-replayed";
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentRequests.class);
    /** Visible ASCII, as the IETF draft's examples and every client library's UUIDs are. */
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    /**
     * Routes whose answer is a credential (a new session). A sign-in link's page derives its key from the
     * link's token, so whoever later holds the used link could fetch the live session again: its answer is
     * given again only long enough for a retry after a lost answer.
     */
    private static final Set<String> CREDENTIAL_ROUTES = Set.of("POST /v1/sessions");
    static final Duration CREDENTIAL_REPLAY = Duration.ofMinutes(10);

    private final IdempotencyStore store;
    private final KmsClient kms;
    private final String macKeyArn;
    private final Duration replayedFor;

    public IdempotentRequests(IdempotencyStore store, KmsClient kms, LearnerConfiguration config) {
        this.store = store;
        this.kms = kms;
        this.macKeyArn = config.getEmailIndexKeyArn();
        this.replayedFor = config.getIdempotencyKeyTtl();
    }

    /** Runs the route once per key: without the header, as any request. */
    public APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event, Supplier<APIGatewayV2HTTPResponse> route) {
        String key = HttpExchange.header(event, HEADER);
        if (key == null) {
            return route.get();
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw Refusal.INVALID_IDEMPOTENCY_KEY.refused();
        }
        KeyedRequest request = keyed(event, key);
        Outcome outcome = store.claim(request);
        if (outcome instanceof Outcome.Claimed claimed) {
            return firstAttempt(event, request, claimed.claim(), route);
        }
        if (outcome instanceof Outcome.Answered answered) {
            LOG.info("request answered again for its idempotency key route=\"{}\"", event.getRouteKey());
            return replay(answered.answer());
        }
        if (outcome instanceof Outcome.InProgress) {
            throw Refusal.REQUEST_IN_PROGRESS.refused();
        }
        throw Refusal.IDEMPOTENCY_KEY_REUSED.refused();
    }

    private APIGatewayV2HTTPResponse firstAttempt(APIGatewayV2HTTPEvent event, KeyedRequest request, String claim,
                                                  Supplier<APIGatewayV2HTTPResponse> route) {
        APIGatewayV2HTTPResponse response;
        try {
            response = route.get();
        } catch (RuntimeException e) {
            release(event, request, claim);
            throw e;
        }
        if (response.getStatusCode() / 100 != 2) {
            release(event, request, claim);
            return response;
        }
        try {
            store.complete(request, claim, new StoredAnswer(response.getStatusCode(),
                    response.getHeaders() == null ? null : new HashMap<>(response.getHeaders()), response.getBody()));
        } catch (SdkException e) {
            // The work is done and answered; a retry after the claim's lock runs the request again.
            LOG.warn("answer not stored for its idempotency key route=\"{}\" error={}", event.getRouteKey(),
                    e.getClass().getName());
        }
        return response;
    }

    private void release(APIGatewayV2HTTPEvent event, KeyedRequest request, String claim) {
        try {
            store.release(request, claim);
        } catch (SdkException e) {
            // The claim lapses on its own once no attempt could still be running.
            LOG.warn("idempotency key not freed route=\"{}\" error={}", event.getRouteKey(), e.getClass().getName());
        }
    }

    private static APIGatewayV2HTTPResponse replay(StoredAnswer answer) {
        var headers = new HashMap<String, String>(Objects.requireNonNullElse(answer.headers(), Map.of()));
        headers.put(REPLAYED, "true");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(answer.status()).withHeaders(headers)
                .withBody(answer.body()).withIsBase64Encoded(false).build();
    }

    /**
     * The record's name: an HMAC of the route, the caller's credentials (hashed first, so no session
     * token reaches KMS) and the key, so one caller's key never meets another's. The fingerprint:
     * a hash of everything of the request that the route reads.
     */
    private KeyedRequest keyed(APIGatewayV2HTTPEvent event, String key) {
        String scope = String.join("\n", "idempotency-key", event.getRouteKey(),
                sha256(Objects.requireNonNullElse(HttpExchange.header(event, "authorization"), "")), sha256(key));
        String fingerprint = sha256(String.join("\n", event.getRouteKey(),
                Objects.requireNonNullElse(HttpExchange.header(event, "content-type"), ""),
                Objects.requireNonNullElse(HttpExchange.header(event, "if-match"), ""),
                Boolean.toString(event.getIsBase64Encoded()),
                Objects.requireNonNullElse(event.getBody(), "")));
        Duration life = CREDENTIAL_ROUTES.contains(event.getRouteKey()) && CREDENTIAL_REPLAY.compareTo(replayedFor) < 0
                ? CREDENTIAL_REPLAY : replayedFor;
        return new KeyedRequest("idempotency#" + KmsMacs.hmacSha256Hex(kms, macKeyArn, scope), fingerprint, life);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
