package coach.eco.learners.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics this JVM published while something ran, read from the embedded-metric-format lines
 * exactly as CloudWatch Logs would receive them.
 */
public final class PublishedMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> lines;

    private PublishedMetrics(List<JsonNode> lines) {
        this.lines = lines;
    }

    public static PublishedMetrics during(Runnable work) {
        Logger logger = (Logger) LoggerFactory.getLogger(Metrics.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            work.run();
        } finally {
            logger.detachAppender(appender);
        }
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.start();
        List<JsonNode> lines = new ArrayList<>();
        try {
            for (ILoggingEvent event : appender.list) {
                lines.add(JSON.readTree(encoder.encode(event)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PublishedMetrics(lines);
    }

    /** The sum of every value of the metric published. */
    public double sum(Metric metric) {
        return values(metric).stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Every value of the metric published, in order. */
    public List<Double> values(Metric metric) {
        return lines.stream().filter(line -> line.has(metric.metricName()))
                .map(line -> line.get(metric.metricName()).asDouble()).toList();
    }
}
