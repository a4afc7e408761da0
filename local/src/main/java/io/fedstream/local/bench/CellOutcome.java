package io.fedstream.local.bench;

import io.fedstream.evaluator.report.MetricsCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a cell's {@code metrics.csv} (written by the demo, header {@link MetricsCsv#HEADER}) says:
 * the accuracy and loss of the last evaluated round, the best accuracy of rounds ≥ 1, and that
 * round's number. All null (and round 0) if the file is missing or has no evaluated round ≥ 1.
 */
public record CellOutcome(
        Double finalAccuracy, Double bestAccuracy, Double finalLoss, int lastRound) {

    public static CellOutcome read(Path metricsCsv) {
        if (!Files.exists(metricsCsv)) {
            return new CellOutcome(null, null, null, 0);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(metricsCsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metricsCsv, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(MetricsCsv.HEADER)) {
            throw new IllegalArgumentException(
                    metricsCsv
                            + ": header "
                            + (lines.isEmpty() ? "missing" : lines.get(0))
                            + " vs "
                            + MetricsCsv.HEADER);
        }
        Double last = null;
        Double best = null;
        Double loss = null;
        int lastRound = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (line.isBlank() || f[1].isEmpty()) {
                continue;
            }
            int round = Integer.parseInt(f[0]);
            if (round < 1) {
                continue; // round 0 is the initial model
            }
            double acc = Double.parseDouble(f[1]);
            best = best == null ? acc : Math.max(best, acc);
            if (round >= lastRound) {
                lastRound = round;
                last = acc;
                loss = f[2].isEmpty() ? null : Double.parseDouble(f[2]);
            }
        }
        return new CellOutcome(last, best, loss, lastRound);
    }
}
