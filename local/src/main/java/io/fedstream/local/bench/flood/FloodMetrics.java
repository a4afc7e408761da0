package io.fedstream.local.bench.flood;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps the job's metrics in this JVM so that the flood bench can read
 * them from its own thread: the bench runs the job on a MiniCluster in the same JVM. Metrics of the
 * same name on several subtasks are summed.
 */
public final class FloodMetrics implements MetricReporter {
    /** The reporter name the bench configures, {@code metrics.reporter.flood.factory.class}. */
    public static final String NAME = "flood";

    private static final Map<String, List<Metric>> METRICS = new ConcurrentHashMap<>();

    /** The sum over subtasks of the gauge or counter {@code name}, 0 if none is registered. */
    public static double sum(String name) {
        double sum = 0;
        for (Metric m : METRICS.getOrDefault(name, List.of())) {
            if (m instanceof Counter c) {
                sum += c.getCount();
            } else if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                sum += n.doubleValue();
            }
        }
        return sum;
    }

    /** Forgets every metric (a new job starts). */
    public static void reset() {
        METRICS.clear();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        List<Metric> list = METRICS.get(name);
        if (list != null) {
            list.remove(metric);
        }
    }

    /** Found by Flink through {@code META-INF/services}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new FloodMetrics();
        }
    }
}
