package coach.eco.learners.metrics;

import jakarta.inject.Singleton;
import net.logstash.logback.marker.Markers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes metrics in CloudWatch embedded metric format: a log line whose {@code _aws} member tells
 * CloudWatch Logs which of its fields are metrics. No agent, no API call, no extra IAM right; the
 * line also carries the request id, like every other log line.
 */
@Singleton
public class Metrics {
    public static final String NAMESPACE = "LearnerProfiles";
    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private final Clock clock;

    public Metrics(Clock clock) {
        this.clock = clock;
    }

    public void publish(Map<Metric, ? extends Number> counts) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("_aws", Map.of(
                "Timestamp", clock.millis(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", List.of(List.of()),
                        "Metrics", counts.keySet().stream()
                                .map(metric -> Map.of("Name", metric.metricName(), "Unit", metric.unit()))
                                .toList()))));
        counts.forEach((metric, count) -> fields.put(metric.metricName(), count));
        LOG.info(Markers.appendEntries(fields), "metrics");
    }

    public void count(Metric metric) {
        publish(Map.of(metric, 1));
    }
}
