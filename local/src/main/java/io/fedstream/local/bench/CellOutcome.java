package io.fedstream.local.bench;

import io.fedstream.evaluator.report.MetricsCsv;
import io.fedstream.local.bench.learning.LearningCurve;
import java.nio.file.Path;

/**
 * What a cell's {@code metrics.csv} (written by the demo, header {@link MetricsCsv#HEADER}) says:
 * the accuracy and loss of the last evaluated round, the best accuracy of rounds ≥ 1, and that
 * round's number. All null (and round 0) if the file is missing or has no evaluated round ≥ 1.
 */
public record CellOutcome(
        Double finalAccuracy, Double bestAccuracy, Double finalLoss, int lastRound) {

    public static CellOutcome read(Path metricsCsv) {
        LearningCurve curve = LearningCurve.read(metricsCsv);
        return new CellOutcome(
                curve.finalAccuracy(), curve.bestAccuracy(), curve.finalLoss(), curve.lastRound());
    }
}
