package coach.eco.learners.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CorsConfiguration of the template's HTTP API, applied as API Gateway applies it: a preflight
 * (OPTIONS with Origin and Access-Control-Request-Method) is answered here, whatever the routes,
 * with the allowed methods, headers and Max-Age when the origin, the method and every requested
 * header are allowed, and with no CORS header otherwise; every other answer to an allowed origin,
 * errors included, gets Access-Control-Allow-Origin and Access-Control-Expose-Headers, and the
 * functions' own Access-Control-* headers are ignored.
 */
final class Cors {
    private final List<String> origins;
    private final List<String> methods;
    private final List<String> headers;
    private final List<String> exposeHeaders;
    private final Object maxAge;

    private Cors(List<String> origins, List<String> methods, List<String> headers, List<String> exposeHeaders,
                 Object maxAge) {
        this.origins = origins;
        this.methods = methods;
        this.headers = headers.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
        this.exposeHeaders = exposeHeaders;
        this.maxAge = maxAge;
    }

    /** The template's one HTTP API's configuration, its origins resolved against the emulator's parameters. */
    static Cors of(SamTemplate template, LocalAws aws) {
        Map<String, Map<String, Object>> apis = template.resources("AWS::Serverless::HttpApi");
        if (apis.size() != 1) {
            throw new IllegalStateException("the local runner serves one HttpApi; the template has " + apis.keySet());
        }
        Map<String, Object> config = SamTemplate.map(apis.values().iterator().next().get("CorsConfiguration"));
        return new Cors(values(config.get("AllowOrigins"), aws), values(config.get("AllowMethods"), aws),
                values(config.get("AllowHeaders"), aws), values(config.get("ExposeHeaders"), aws),
                config.get("MaxAge"));
    }

    /** A list as written, or a !Ref to a list parameter, or a list of literals and !Refs. */
    private static List<String> values(Object declared, LocalAws aws) {
        if (declared == null) {
            return List.of();
        }
        if (declared instanceof Map<?, ?> reference) {
            return aws.parameterList((String) reference.get("Ref"));
        }
        List<String> values = new ArrayList<>();
        for (Object value : SamTemplate.list(declared)) {
            if (value instanceof Map<?, ?> reference) {
                values.add(aws.parameter((String) reference.get("Ref")));
            } else {
                values.add(String.valueOf(value));
            }
        }
        return values;
    }

    /** The allowed origins, in the template's order. */
    List<String> origins() {
        return origins;
    }

    /** Whether a request is a preflight, which API Gateway answers itself. */
    static boolean isPreflight(String method, String origin, String requestMethod) {
        return method.equals("OPTIONS") && origin != null && requestMethod != null;
    }

    /** The headers of the 204 answer to a preflight; empty when the browser must refuse the request. */
    Map<String, String> preflight(String origin, String requestMethod, String requestHeaders) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("vary", "Origin");
        boolean methodAllowed = methods.contains("*") || methods.contains(requestMethod);
        boolean headersAllowed = requestHeaders == null || headers.contains("*") || List.of(requestHeaders.split(","))
                .stream().map(name -> name.trim().toLowerCase(Locale.ROOT)).filter(name -> !name.isEmpty())
                .allMatch(headers::contains);
        if (origins.contains(origin) && methodAllowed && headersAllowed) {
            answer.put("access-control-allow-origin", origin);
            answer.put("access-control-allow-methods", String.join(",", methods));
            answer.put("access-control-allow-headers", String.join(",", headers));
            if (maxAge != null) {
                answer.put("access-control-max-age", String.valueOf(maxAge));
            }
        }
        return answer;
    }

    /** The CORS headers of any other answer, by the request's Origin (null when it sent none). */
    Map<String, String> onAnswer(String origin) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("vary", "Origin");
        if (origin != null && origins.contains(origin)) {
            answer.put("access-control-allow-origin", origin);
            if (!exposeHeaders.isEmpty()) {
                answer.put("access-control-expose-headers", String.join(",", exposeHeaders));
            }
        }
        return answer;
    }
}
