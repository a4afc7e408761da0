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
     * and the job's round time.
     */
    public record Point(int round, double accuracy, Double loss, double roundSeconds) {}

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
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (line.isBlank() || f[accuracy].isEmpty()) {
                continue;
            }
            int round = Integer.parseInt(f[0]);
            if (round < 1) {
                continue;
            }
            double ms = f[roundMs].isEmpty() ? 0 : Double.parseDouble(f[roundMs]);
            Double l = f[loss].isEmpty() ? null : Double.valueOf(f[loss]);
            points.add(new Point(round, Double.parseDouble(f[accuracy]), l, ms / 1000));
        }
        points.sort(java.util.Comparator.comparingInt(Point::round));
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
        double sum = 0;
        for (Point p : points) {
            sum += p.roundSeconds();
            if (p.accuracy() >= target) {
                return sum;
            }
        }
        return null;
    }
}
