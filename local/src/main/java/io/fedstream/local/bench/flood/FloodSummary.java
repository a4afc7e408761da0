package io.fedstream.local.bench.flood;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What the flood samples say about growth: for heap, checkpoint size and registry, the first and
 * last value of the flood's steady part, the range over it and the least-squares slope per minute.
 * The steady part leaves out the flood's first {@code settleS} seconds, in which the registry fills
 * up to its bound.
 */
public final class FloodSummary {
    private FloodSummary() {}

    /** The growth of one quantity over the steady part. */
    public record Growth(double first, double last, double min, double max, double perMinute) {
        String describe(String unit, double scale) {
            return String.format(
                    Locale.ROOT,
                    "%.2f -> %.2f %s (range %.2f..%.2f, slope %+.3f %s/min)",
                    first / scale,
                    last / scale,
                    unit,
                    min / scale,
                    max / scale,
                    perMinute / scale,
                    unit);
        }
    }

    /** The growth of {@code value} over {@code samples} (at least one). */
    public static Growth growth(List<FloodSample> samples, ToDoubleFunction<FloodSample> value) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples in the steady part of the flood");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (FloodSample s : samples) {
            min = Math.min(min, value.applyAsDouble(s));
            max = Math.max(max, value.applyAsDouble(s));
        }
        return new Growth(
                value.applyAsDouble(samples.get(0)),
                value.applyAsDouble(samples.get(samples.size() - 1)),
                min,
                max,
                60 * slope(samples, value));
    }

    /** Least-squares slope of {@code value} against elapsed seconds; 0 for fewer than 2 points. */
    static double slope(List<FloodSample> samples, ToDoubleFunction<FloodSample> value) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (FloodSample s : samples) {
            mx += s.elapsedS() / n;
            my += value.applyAsDouble(s) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (FloodSample s : samples) {
            double dx = s.elapsedS() - mx;
            sxy += dx * (value.applyAsDouble(s) - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    /** The flood samples from {@code settleS} seconds after the flood began. */
    public static List<FloodSample> steady(List<FloodSample> samples, double settleS) {
        double start =
                samples.stream()
                        .filter(FloodSample::flooding)
                        .mapToDouble(FloodSample::elapsedS)
                        .min()
                        .orElse(Double.POSITIVE_INFINITY);
        return samples.stream()
                .filter(FloodSample::flooding)
                .filter(s -> s.elapsedS() >= start + settleS)
                .filter(s -> s.checkpointBytes() >= 0)
                .toList();
    }

    /** The summary lines the bench prints and writes. */
    public static String describe(List<FloodSample> samples, double settleS) {
        List<FloodSample> steady = steady(samples, settleS);
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "steady flood: %d samples from %.0f s to %.0f s%n",
                        steady.size(),
                        steady.isEmpty() ? 0 : steady.get(0).elapsedS(),
                        steady.isEmpty() ? 0 : steady.get(steady.size() - 1).elapsedS()));
        if (steady.isEmpty()) {
            return b.toString();
        }
        b.append("heap after GC:      ")
                .append(growth(steady, s -> s.heapUsedBytes()).describe("MB", 1e6))
                .append('\n');
        b.append("checkpoint size:    ")
                .append(growth(steady, s -> s.checkpointBytes()).describe("MB", 1e6))
                .append('\n');
        b.append("  round coordinator ")
                .append(growth(steady, s -> s.coordinatorBytes()).describe("MB", 1e6))
                .append('\n');
        b.append("  client guard      ")
                .append(growth(steady, s -> s.guardBytes()).describe("MB", 1e6))
                .append('\n');
        b.append("  heartbeat limiter ")
                .append(growth(steady, s -> s.limiterBytes()).describe("MB", 1e6))
                .append('\n');
        b.append("registered clients: ")
                .append(growth(steady, s -> s.registered()).describe("k", 1e3))
                .append('\n');
        double rate = steady.stream().mapToDouble(FloodSample::heartbeatsPerS).average().orElse(0);
        b.append(String.format(Locale.ROOT, "flood: %.0f heartbeats/s on average%n", rate));
        return b.toString();
    }
}
