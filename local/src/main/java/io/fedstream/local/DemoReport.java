package io.fedstream.local;

import io.fedstream.avro.RoundMetrics;
import io.fedstream.evaluator.report.MetricsCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns the paired metrics of each round into the demo's progress lines, CSV rows and summary.
 * Round time is the wall time between two consecutive global-model releases.
 */
final class DemoReport {
    private final int rounds;
    private final List<MetricsCsv.Row> rows = new ArrayList<>();
    private final List<long[]> communication = new ArrayList<>();
    private long previousRelease = -1;

    DemoReport(int rounds) {
        this.rounds = rounds;
    }

    private String stopReason;

    /** All rounds are in, or the job said it stopped (e.g. at the privacy budget). */
    boolean complete() {
        return rows.size() > rounds || stopReason != null;
    }

    String stopReason() {
        return stopReason;
    }

    List<MetricsCsv.Row> rows() {
        return List.copyOf(rows);
    }

    /** Records one round and returns its progress line. */
    String add(MetricsCollector.RoundView view) {
        RoundMetrics s = view.server();
        RoundMetrics e = view.evaluation();
        if (s.getStopReason() != null) {
            stopReason = s.getStopReason();
        }
        long released = s.getCreatedAt().toEpochMilli();
        long roundMs = previousRelease < 0 ? 0 : released - previousRelease;
        previousRelease = released;
        long rejected = s.getRejected().values().stream().mapToLong(Long::longValue).sum();
        MetricsCsv.Row row =
                new MetricsCsv.Row(
                        view.round(),
                        e.getGlobalAccuracy(),
                        e.getGlobalLoss(),
                        s.getParticipants(),
                        rejected,
                        s.getBytesUp(),
                        s.getBytesDown(),
                        s.getPrivacySpent(),
                        roundMs);
        rows.add(row);
        long dense = s.getBytesUpDense();
        communication.add(new long[] {view.round(), s.getBytesUp(), dense, s.getBytesDown()});
        String ratio =
                dense > 0 && s.getBytesUp() < dense
                        ? String.format(
                                Locale.ROOT, " (%.1f%% of dense)", 100.0 * s.getBytesUp() / dense)
                        : "";
        return String.format(
                Locale.ROOT,
                "round %3d/%d  participants %2d/%-2d  train loss %s  test acc %6.2f%%  test loss %.4f  up %7.2f MB%s  down %7.2f MB  round %5.1f s%s",
                view.round(),
                rounds,
                s.getParticipants(),
                s.getSelected(),
                s.getTrainLoss() == null
                        ? "   -  "
                        : String.format(Locale.ROOT, "%.4f", s.getTrainLoss()),
                100 * e.getGlobalAccuracy(),
                e.getGlobalLoss(),
                s.getBytesUp() / 1e6,
                ratio,
                s.getBytesDown() / 1e6,
                roundMs / 1000.0,
                rejected > 0 ? "  rejected " + s.getRejected() : "");
    }

    /**
     * Writes {@code round,bytes_up,bytes_up_dense,up_ratio,bytes_down}: the uplink as sent and as
     * the same accepted updates would weigh with dense deltas (serialized record sizes).
     */
    void writeCommunication(Path file) throws IOException {
        StringBuilder b = new StringBuilder("round,bytes_up,bytes_up_dense,up_ratio,bytes_down\n");
        for (long[] c : communication) {
            b.append(c[0])
                    .append(',')
                    .append(c[1])
                    .append(',')
                    .append(c[2])
                    .append(',')
                    .append(
                            c[2] == 0
                                    ? ""
                                    : String.format(Locale.ROOT, "%.6f", (double) c[1] / c[2]))
                    .append(',')
                    .append(c[3])
                    .append('\n');
        }
        Files.writeString(file, b.toString());
    }

    /** Uplink bytes over what the same updates would weigh densely, all rounds; NaN if none. */
    double uplinkRatio() {
        long up = 0;
        long dense = 0;
        for (long[] c : communication) {
            up += c[1];
            dense += c[2];
        }
        return dense == 0 ? Double.NaN : (double) up / dense;
    }

    /** Final and best accuracy, median round time, wall time. */
    String summary(long wallMs) {
        double best = 0;
        double last = 0;
        long[] times = rows.stream().skip(1).mapToLong(MetricsCsv.Row::roundMs).toArray();
        for (MetricsCsv.Row r : rows) {
            if (r.accuracy() != null) {
                best = Math.max(best, r.accuracy());
                last = r.accuracy();
            }
        }
        Arrays.sort(times);
        double median =
                times.length == 0
                        ? 0
                        : (times[(times.length - 1) / 2] + times[times.length / 2]) / 2.0;
        return String.format(
                Locale.ROOT,
                "summary: rounds %d, final test accuracy %.2f%%, best %.2f%%, median round time %.1f s, wall time %.0f s, uplink %.2f%% of dense",
                rows.size() - 1,
                100 * last,
                100 * best,
                median / 1000.0,
                wallMs / 1000.0,
                100 * uplinkRatio());
    }
}
