package io.fedstream.local.bench.learning;

import io.fedstream.evaluator.report.MetricsCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's test accuracy by round, with the job's time per round, read from the demo's {@code
 * metrics.csv} (header {@link MetricsCsv#HEADER}). Round 0, the seeded initial model, is left out:
 * it is not a result of training.
 */
public record LearningCurve(List<Point> points) {
    /**
     * One evaluated round: its number, test accuracy in [0, 1], test loss (null if not recorded)
     * and the job's round times summed over rounds 1 to this one (evaluated or not).
     */
    public record Point(int round, double accuracy, Double loss, double elapsedSeconds) {}

    public LearningCurve {
        points = List.copyOf(points);
    }

    /** The curve of {@code metricsCsv}; empty if the file is missing. */
    public static LearningCurve read(Path metricsCsv) {
        if (!Files.exists(metricsCsv)) {
            return new LearningCurve(List.of());
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(metricsCsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metricsCsv, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(MetricsCsv.HEADER)) {
            throw new IllegalArgumentException(
                    metricsCsv + ": header " + (lines.isEmpty() ? "missing" : lines.get(0)));
        }
        List<String> header = List.of(MetricsCsv.HEADER.split(","));
        int accuracy = header.indexOf("accuracy");
        int loss = header.indexOf("loss");
        int roundMs = header.indexOf("round_ms");
        List<Point> points = new ArrayList<>();
        double elapsedMs = 0;
        int previous = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (line.isBlank() || Integer.parseInt(f[0]) < 1) {
                continue;
            }
            int round = Integer.parseInt(f[0]);
            if (round <= previous) {
                // the demo writes rounds in increasing order; time to a target depends on it
                throw new IllegalArgumentException(
                        metricsCsv + ": round " + round + " after round " + previous);
            }
            previous = round;
            elapsedMs += f[roundMs].isEmpty() ? 0 : Double.parseDouble(f[roundMs]);
            if (f[accuracy].isEmpty()) {
                continue;
            }
            Double l = f[loss].isEmpty() ? null : Double.valueOf(f[loss]);
            points.add(new Point(round, Double.parseDouble(f[accuracy]), l, elapsedMs / 1000));
        }
        return new LearningCurve(points);
    }

    public Double finalAccuracy() {
        return points.isEmpty() ? null : points.get(points.size() - 1).accuracy();
    }

    public Double bestAccuracy() {
        return points.stream()
                .mapToDouble(Point::accuracy)
                .boxed()
                .max(Double::compare)
                .orElse(null);
    }

    /** The test loss of the last evaluated round, or null. */
    public Double finalLoss() {
        return points.isEmpty() ? null : points.get(points.size() - 1).loss();
    }

    public int lastRound() {
        return points.isEmpty() ? 0 : points.get(points.size() - 1).round();
    }

    /** The first round whose accuracy is at least {@code target}, or null. */
    public Integer firstRoundReaching(double target) {
        for (Point p : points) {
            if (p.accuracy() >= target) {
                return p.round();
            }
        }
        return null;
    }

    /** The job's round times summed up to and including {@link #firstRoundReaching}, or null. */
    public Double secondsToReach(double target) {
        for (Point p : points) {
            if (p.accuracy() >= target) {
                return p.elapsedSeconds();
            }
        }
        return null;
    }
}
