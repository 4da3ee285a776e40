package coach.eco.learners.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One cold-start sample, in a JVM of its own started as Lambda starts one: loads the handler class
 * from the unpacked zip, builds it (its init), sends it one API Gateway HTTP API event (the first
 * request), then {@code -Dsample.warm} more (warm), and prints one line of figures for
 * {@link ColdStartBenchmark}; without {@code -Dsample.route} it only builds the handler. Only the JDK and the function's own jars are on its class path, so the
 * classes it counts are the function's. {@code {n}} in the body becomes a fresh value per request.
 */
public final class ColdStartSample {
    private ColdStartSample() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        String handlerClass = args[0];
        int warm = Integer.getInteger("sample.warm", 10);
        long initStart = System.nanoTime();
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                        Class.forName(handlerClass).getDeclaredConstructor().newInstance();
        long init = System.nanoTime() - initStart;
        if (System.getProperty("sample.route") == null) {
            System.out.println("cold-start-sample constructed " + handlerClass);
            return;
        }
        long firstStart = System.nanoTime();
        int status = call(handler);
        long first = System.nanoTime() - firstStart;
        long[] warmNanos = new long[warm];
        for (int i = 0; i < warm; i++) {
            long start = System.nanoTime();
            status = Math.max(status, call(handler));
            warmNanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(warmNanos);
        long metaspace = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getName().equals("Metaspace")).mapToLong(pool -> pool.getUsage().getUsed()).sum();
        long fullGcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc -> gc.getName().equals("MarkSweepCompact")).mapToLong(gc -> gc.getCollectionCount()).sum();
        System.out.printf("cold-start-sample init=%d first=%d warm=%d classes=%d metaspace=%d fullgcs=%d status=%d%n",
                init, first, warm == 0 ? 0 : warmNanos[warm / 2],
                ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount(), metaspace, fullGcs, status);
    }

    private static int call(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(), null);
        int status = response.getStatusCode();
        if (status >= 400 && status != Integer.getInteger("sample.expected", 0)) {
            throw new IllegalStateException(System.getProperty("sample.route") + " answered " + status + ": "
                    + response.getBody());
        }
        return status;
    }

    /** The event API Gateway sends for an HTTP API (payload 2.0) route. */
    private static APIGatewayV2HTTPEvent event() {
        String route = System.getProperty("sample.route");
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36");
        headers.put("x-forwarded-for", "203.0.113.7");
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("sample.header."))
                .forEach(name -> headers.put(name.substring("sample.header.".length()), System.getProperty(name)));
        String body = System.getProperty("sample.body");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route)
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(headers)
                .withBody(body == null ? null : body.replace("{n}", UUID.randomUUID().toString().substring(0, 12)))
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(route)
                        .withStage("$default")
                        .withTimeEpoch(System.currentTimeMillis())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp("203.0.113.7").withUserAgent("Mozilla/5.0").build())
                        .build())
                .build();
    }
}
