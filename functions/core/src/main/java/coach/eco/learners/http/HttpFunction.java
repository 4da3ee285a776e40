package coach.eco.learners.http;

import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.session.Sessions;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import coach.eco.learners.aws.IntegrityFailure;
import coach.eco.learners.aws.LambdaContexts;
import coach.eco.learners.aws.RequestDeadline;
import coach.eco.learners.config.LearnerConfiguration;
import net.logstash.logback.marker.Markers;
import coach.eco.learners.startup.Priming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The adapter every HTTP function shares: request id on every log line, and one mapping from
 * failures to problem responses. Bad input is a 4xx with field errors; an AWS service that fails
 * after the SDK's retries is a 503 the caller may retry; a stored item that fails its integrity
 * check is a 500 and a security event; nothing leaks a stack trace or a value.
 */
public abstract class HttpFunction extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFunction.class);
    /** The log field, and its value, that the template's integrity metric filter matches. */
    public static final String SECURITY_EVENT = "securityEvent";
    public static final String STORED_ITEM_INTEGRITY = "stored-item-integrity";
    protected static final Map<String, String> JSON = Map.of("content-type", "application/json");

    @Inject
    protected HttpExchange http;

    @Inject
    protected LearnerConfiguration learnerConfiguration;

    @Inject
    protected EdgeOrigin edgeOrigin;

    /** Built on first use: only the routes that change state take an Idempotency-Key. */
    @Inject
    protected Provider<IdempotentRequests> idempotentRequests;

    /** Built on first use: only learner routes sign a learner in. */
    @Inject
    protected Provider<Sessions> sessions;

    /** As Lambda builds it: then its hot path runs once, before the snapshot or at the end of init. */
    protected HttpFunction() {
        applicationContext.getBean(Priming.class).afterInit(this::primeRoutes);
    }

    protected HttpFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    /**
     * Requests that take this function's routes through binding, validation and the answer without
     * changing anything (refused ones, reads); sent once by priming.
     */
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of();
    }

    /**
     * The routes of this function that change state and take an {@code Idempotency-Key}: a retry
     * with the key gets the first answer. Elsewhere the header is ignored.
     */
    protected Set<String> idempotentRoutes() {
        return Set.of();
    }

    /** Sends the priming requests, as the edge would pass them on; their answers are dropped. */
    public void primeRoutes() {
        for (APIGatewayV2HTTPEvent request : primingRequests()) {
            Map<String, String> headers = new HashMap<>(Optional.ofNullable(request.getHeaders()).orElse(Map.of()));
            edgeOrigin.headerValue().ifPresent(value -> headers.put(EdgeOrigin.HEADER, value));
            request.setHeaders(headers);
            execute(request);
        }
    }

    /** A request as API Gateway sends one, for priming. */
    protected static APIGatewayV2HTTPEvent sampleRequest(String routeKey, Map<String, String> headers, String body) {
        String path = routeKey.substring(routeKey.indexOf(' ') + 1);
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(routeKey).withRawPath(path)
                .withHeaders(headers).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("priming")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(routeKey.substring(0, routeKey.indexOf(' '))).withPath(path).build())
                        .build())
                .build();
    }

    /** Answers one route of this function, named as API Gateway names it: "POST /v1/profiles". */
    protected abstract APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event);

    @Override
    public final APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        String requestId = requestIdOf(event);
        Locale language = Messages.languageOf(event);
        MDC.put("requestId", requestId);
        try {
            edgeOrigin.check(event);
            APIGatewayV2HTTPResponse response = RequestDeadline.within(learnerConfiguration.getRequestBudget(),
                    () -> idempotentRoutes().contains(event.getRouteKey())
                            ? idempotentRequests.get().answer(event, () -> route(event.getRouteKey(), event))
                            : route(event.getRouteKey(), event));
            LOG.info("request answered route=\"{}\" status={}", event.getRouteKey(), response.getStatusCode());
            return response;
        } catch (Refused e) {
            LOG.info("request refused route=\"{}\" status={} refusal={}", event.getRouteKey(),
                    ProblemTypes.of(e.refusal()).status(), e.refusal());
            return http.problem(e, requestId, language);
        } catch (IntegrityFailure e) {
            // A security event, not an outage: the log line feeds the integrity alarm's metric filter.
            LOG.error(Markers.append(SECURITY_EVENT, STORED_ITEM_INTEGRITY),
                    "stored item failed its integrity check route=\"{}\" profileId={}", event.getRouteKey(), e.itemId());
            return http.problem(500, "integrity", requestId, language);
        } catch (SdkException e) {
            // The service's error code (ThrottlingException, say) names the kind of failure, never a value.
            LOG.warn("AWS call failed route=\"{}\" error={} code={}", event.getRouteKey(), e.getClass().getName(),
                    e instanceof AwsServiceException service && service.awsErrorDetails() != null
                            ? service.awsErrorDetails().errorCode() : "none");
            return http.problem(503, "unavailable", requestId, language);
        } catch (RuntimeException e) {
            // The exception's message could carry a value from the request: log its type only.
            LOG.error("request failed route=\"{}\" error={}", event.getRouteKey(), e.getClass().getName());
            return http.problem(500, "internal", requestId, language);
        } finally {
            MDC.remove("requestId");
            MDC.remove(AuditLog.ACTOR);
        }
    }

    protected APIGatewayV2HTTPResponse notFound() {
        throw Refusal.NO_SUCH_ROUTE.refused();
    }

    /** The learner the request's session signs in; any request without a live session is refused (401). */
    protected Sessions.SignedIn signedIn(APIGatewayV2HTTPEvent event) {
        return sessions.get().authenticate(HttpExchange.header(event, "authorization"));
    }

    /** The caller as IAM authenticated it; API Gateway names it only on routes with the IAM authorizer. */
    protected static String iamCallerArn(APIGatewayV2HTTPEvent event) {
        return Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getIam)
                .map(APIGatewayV2HTTPEvent.RequestContext.IAM::getUserArn)
                .orElse(null);
    }

    /** A path parameter of the route, or empty. */
    protected static String pathParameter(APIGatewayV2HTTPEvent event, String name) {
        return Optional.ofNullable(event.getPathParameters()).map(params -> params.get(name)).orElse("");
    }

    /** A query parameter's value as API Gateway decodes it, or null when the query names it not. */
    protected static String queryParameter(APIGatewayV2HTTPEvent event, String name) {
        return Optional.ofNullable(event.getQueryStringParameters()).map(params -> params.get(name)).orElse(null);
    }

    private static String requestIdOf(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context != null && context.getRequestId() != null) {
            return context.getRequestId();
        }
        return UUID.randomUUID().toString();
    }
}
