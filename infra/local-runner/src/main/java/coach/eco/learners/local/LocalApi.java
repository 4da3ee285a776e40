package coach.eco.learners.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * API Gateway (HTTP API, payload 2.0) on one machine: serves the routes that template.yaml declares
 * by building the event API Gateway would send and calling the same handler class, one instance per
 * function, as Lambda would, and applies the template's CorsConfiguration as API Gateway does
 * ({@link Cors}). Also serves the mailbox and the runner's own routes under /_local/; the website's
 * stand-in pages are on their own origin ({@link LocalSite}).
 * Routes with the AWS_IAM authorizer need a SigV4 Authorization header, as in AWS; its signature is
 * not checked here, and the caller is a fixed local staff identity.
 */
public final class LocalApi implements AutoCloseable {
    /** API Gateway refuses larger payloads before they reach a function. */
    private static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    /** The staff role the run command lists in StaffRoleArns. */
    static final String LOCAL_STAFF_ROLE = "arn:aws:iam::000000000000:role/local-staff";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:([^:]+):iam::(\\d{12}):role/(?:[^,]*/)?([^/,]+)");
    static final String SCHEDULES = "/_local/schedules/";
    private static final String SIGV4 = "AWS4-HMAC-SHA256 ";
    /** What STS takes as a role session name. */
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IAM_AUTHORIZER = "AWS_IAM";

    /** A route and its function. */
    private record Served(SamTemplate.Route route,
                          RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
    }

    /** A schedule of the template and its function; run when asked (POST /_local/schedules/{function}). */
    private record Scheduled(SamTemplate.Schedule schedule, RequestHandler<Map<String, Object>, Object> handler) {
    }

    private final List<Served> routes = new ArrayList<>();
    private final Map<String, Scheduled> schedules = new TreeMap<>();
    private final List<ApplicationContext> contexts = new ArrayList<>();
    private final LocalTriggers triggers;
    /** Polls the emulator's rule and queue stand-ins, as Lambda's event sources poll in AWS. */
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    private final LocalAws aws;
    private final HttpServer server;
    /** Who IAM-authorised requests act as: a session "local" of the first role in StaffRoleArns. */
    private final String staffSession;
    private final Cors cors;

    public LocalApi(SamTemplate template, LocalAws aws, InetSocketAddress address) throws IOException {
        this(template, aws, address, true);
    }

    /**
     * With {@code pollTriggers} false, nothing delivers the rules and queues in the background: for a
     * test that compares the tables before and after each request, which a delivery running meanwhile
     * (a policy mailing, say) would change.
     */
    public LocalApi(SamTemplate template, LocalAws aws, InetSocketAddress address, boolean pollTriggers)
            throws IOException {
        this.aws = aws;
        this.staffSession = staffSessionOf(aws.parameter("StaffRoleArns"));
        this.cors = Cors.of(template, aws);
        for (SamTemplate.Function function : template.functions()) {
            if (!function.routes().isEmpty()) {
                RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = handlerOf(function);
                function.routes().forEach(route -> routes.add(new Served(route, handler)));
            }
            if (!function.schedules().isEmpty()) {
                RequestHandler<Map<String, Object>, Object> handler = handlerOf(function);
                function.schedules().forEach(schedule -> schedules.put(function.logicalId(), new Scheduled(schedule, handler)));
            }
        }
        Map<String, RequestHandler<?, ?>> triggered = new HashMap<>();
        for (SamTemplate.Function function : template.functions()) {
            if (!function.queueSources().isEmpty() || !function.eventRules().isEmpty()) {
                triggered.put(function.logicalId(), handlerOf(function));
            }
        }
        triggers = new LocalTriggers(template, aws, triggered);
        if (pollTriggers) {
            poller.scheduleWithFixedDelay(this::deliverTriggers, 1, 1, TimeUnit.SECONDS);
        }
        server = HttpServer.create(address, 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::serve);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The routes served, as API Gateway names them: "POST /v1/profiles". */
    public List<String> routeKeys() {
        return routes.stream().map(served -> served.route().routeKey()).toList();
    }

    /** The handler of the function that serves a route ("POST /v1/profiles"), as API Gateway would invoke it. */
    public RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> functionServing(String routeKey) {
        return routes.stream().filter(served -> served.route().routeKey().equals(routeKey)).findFirst()
                .map(Served::handler).orElseThrow(() -> new IllegalArgumentException("no such route: " + routeKey));
    }

    /** The scheduled functions, by logical id, with their schedule expressions. */
    public Map<String, String> schedules() {
        Map<String, String> described = new TreeMap<>();
        schedules.forEach((function, scheduled) -> described.put(function,
                scheduled.schedule().expression() + " " + scheduled.schedule().timezone()));
        return described;
    }

    /** The functions an EventBridge rule or an SQS queue triggers, by logical id. */
    public List<String> triggeredFunctions() {
        return triggers.functions();
    }

    private void deliverTriggers() {
        try {
            triggers.deliverPending();
        } catch (RuntimeException e) {
            // A failed delivery is tried again on the next poll, as Lambda's pollers do.
            System.err.println("local triggers: delivery failed: " + e.getClass().getName());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        triggers.close();
        server.stop(0);
        contexts.forEach(ApplicationContext::close);
    }

    @SuppressWarnings("unchecked")
    private <I, O> RequestHandler<I, O> handlerOf(SamTemplate.Function function) {
        ApplicationContext context = aws.applicationContextOf(function);
        contexts.add(context);
        try {
            return (RequestHandler<I, O>) Class.forName(function.handlerClass())
                    .getConstructor(ApplicationContext.class).newInstance(context);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create handler " + function.handler(), e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            String origin = exchange.getRequestHeaders().getFirst("origin");
            if (Cors.isPreflight(method, origin, exchange.getRequestHeaders().getFirst("access-control-request-method"))) {
                cors.preflight(origin, exchange.getRequestHeaders().getFirst("access-control-request-method"),
                        exchange.getRequestHeaders().getFirst("access-control-request-headers"))
                        .forEach(exchange.getResponseHeaders()::set);
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            cors.onAnswer(origin).forEach(exchange.getResponseHeaders()::set);
            Optional<Served> served = routes.stream()
                    .filter(candidate -> candidate.route().serves(method, path).isPresent())
                    .findFirst();
            if (served.isPresent()) {
                byte[] body = exchange.getRequestBody().readNBytes(MAX_PAYLOAD_BYTES + 1);
                if (body.length > MAX_PAYLOAD_BYTES) {
                    write(exchange, 413, "application/json", "{\"message\":\"Request Entity Too Large\"}");
                    return;
                }
                APIGatewayV2HTTPEvent event = eventOf(exchange, served.get(), method, path, body);
                if (event == null) {
                    write(exchange, 403, "application/json", "{\"message\":\"Forbidden\"}");
                    return;
                }
                respond(exchange, served.get().handler().handleRequest(event, null));
            } else if (method.equals("POST") && path.startsWith(SCHEDULES)
                    && schedules.containsKey(path.substring(SCHEDULES.length()))) {
                // What EventBridge Scheduler does on each tick: invoke the function with the schedule's input;
                // or, given a body, what `aws lambda invoke --payload` does (a purge dry run, say).
                Scheduled scheduled = schedules.get(path.substring(SCHEDULES.length()));
                byte[] payload = exchange.getRequestBody().readNBytes(MAX_PAYLOAD_BYTES + 1);
                if (payload.length > MAX_PAYLOAD_BYTES) {
                    write(exchange, 413, "application/json", "{\"message\":\"Request Entity Too Large\"}");
                    return;
                }
                Map<String, Object> input = payload.length == 0
                        ? JSON.readValue(scheduled.schedule().input(), new TypeReference<>() { })
                        : JSON.readValue(payload, new TypeReference<>() { });
                write(exchange, 200, "application/json",
                        JSON.writeValueAsString(scheduled.handler().handleRequest(input, null)));
            } else if (method.equals("GET") && path.equals("/_local/mail")) {
                write(exchange, 200, "application/json; charset=utf-8",
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(aws.sentMail()));
            } else {
                write(exchange, 404, "application/json", "{\"message\":\"Not Found\"}");
            }
        }
    }

    /** The ARN API Gateway gives a session "local" of the first listed role; none listed: nobody's staff. */
    static String staffSessionOf(String staffRoleArns) {
        Matcher role = ROLE_ARN.matcher(staffRoleArns == null ? "" : staffRoleArns);
        if (!role.lookingAt()) {
            return "arn:aws:sts::000000000000:assumed-role/no-staff-role/local";
        }
        return "arn:" + role.group(1) + ":sts::" + role.group(2) + ":assumed-role/" + role.group(3) + "/local";
    }

    /**
     * Locally a word after the scheme names the session ("AWS4-HMAC-SHA256 minh" acts as a session "minh" of the
     * same role), so one person can play the second publisher who approves; anything else, a real signature
     * included, is the session "local".
     */
    static String sessionNamedIn(String staffSession, String authorization) {
        String word = authorization.substring(SIGV4.length()).strip();
        return SESSION_NAME.matcher(word).matches()
                ? staffSession.substring(0, staffSession.lastIndexOf('/') + 1) + word : staffSession;
    }

    /** The event API Gateway would send; null when an IAM route's request is not SigV4-signed (403). */
    private APIGatewayV2HTTPEvent eventOf(HttpExchange exchange, Served served, String method, String path,
                                                 byte[] body) {
        Map<String, String> headers = new HashMap<>();
        // HTTP APIs pass header names in lower case and join repeated headers with commas.
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = null;
        if (IAM_AUTHORIZER.equals(served.route().authorizer())) {
            if (!headers.getOrDefault("authorization", "").startsWith(SIGV4)) {
                return null;
            }
            authorizer = APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder()
                            .withUserArn(sessionNamedIn(staffSession, headers.get("authorization"))).build())
                    .build();
        }
        Map<String, String> pathParameters = served.route().serves(method, path).orElseThrow();
        String routeKey = served.route().routeKey();
        String query = exchange.getRequestURI().getRawQuery();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRawQueryString(query == null ? "" : query)
                .withQueryStringParameters(queryParameters(query))
                .withHeaders(headers)
                .withBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(routeKey)
                        .withAuthorizer(authorizer)
                        .withStage("$default")
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(path)
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    private static void respond(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> {
                String lowerCase = name.toLowerCase(Locale.ROOT);
                if (lowerCase.equals("vary")) {
                    exchange.getResponseHeaders().set(name, exchange.getResponseHeaders().getFirst("vary") + ", " + value);
                } else if (!lowerCase.startsWith("access-control-")) {
                    // With a CORS configuration, API Gateway ignores the functions' own CORS headers.
                    exchange.getResponseHeaders().set(name, value);
                }
            });
        }
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void write(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * The query's parameters as API Gateway passes them: decoded, a name given twice with its values
     * comma-joined, none at all as null. The URI parser has already refused a malformed escape.
     */
    private static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

}
