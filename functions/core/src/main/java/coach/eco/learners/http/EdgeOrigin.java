package coach.eco.learners.http;

import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.refusal.Refusal;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * With the edge on, the public routes answer only requests that came through CloudFront, whose
 * per-client WAF rules they rely on: CloudFront adds {@link #HEADER} with a secret value to each
 * request it passes on (replacing any a client sent), and a request without it reached the API's
 * own domain directly. Staff calls are signed with SigV4 and go to that domain on purpose: IAM has
 * checked them, so they need no header.
 */
@Singleton
public class EdgeOrigin {
    /** The header CloudFront adds (OriginCustomHeaders in template.yaml). */
    public static final String HEADER = "x-origin-verify";

    private final List<byte[]> secrets;

    public EdgeOrigin(LearnerConfiguration config) {
        this.secrets = Stream.of(config.getEdgeOriginSecret(), config.getEdgeOriginPreviousSecret())
                .filter(secret -> secret != null && !secret.isBlank())
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Refuses a request that should have come through the edge and did not. */
    public void check(APIGatewayV2HTTPEvent event) {
        if (secrets.isEmpty() || HttpFunction.iamCallerArn(event) != null) {
            return;
        }
        byte[] sent = Optional.ofNullable(HttpExchange.header(event, HEADER)).orElse("").getBytes(StandardCharsets.UTF_8);
        // Compared in constant time, each accepted value in turn: the answer's timing tells nothing of them.
        boolean through = false;
        for (byte[] secret : secrets) {
            through |= MessageDigest.isEqual(secret, sent);
        }
        if (!through) {
            throw Refusal.NOT_THROUGH_THE_EDGE.refused();
        }
    }

    /** The header a request needs to pass {@link #check}, for requests this function sends itself (priming). */
    public Optional<String> headerValue() {
        return secrets.stream().findFirst().map(secret -> new String(secret, StandardCharsets.UTF_8));
    }
}
