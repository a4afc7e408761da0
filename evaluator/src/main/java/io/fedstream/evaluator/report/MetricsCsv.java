package io.fedstream.evaluator.report;

import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.RoundMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes per-round metrics as CSV with the header {@value #HEADER}. Missing values (no evaluator
 * record yet, no DP) are empty fields; decimals use a dot and six places.
 */
public final class MetricsCsv {
    public static final String HEADER =
            "round,accuracy,loss,participants,rejected,bytes_up,bytes_down,epsilon,round_ms";

    private MetricsCsv() {}

    /**
     * One round: accuracy and loss from the evaluator, the rest from the job.
     *
     * @param rejected records rejected during the round, all reasons together
     * @param epsilon privacy spent so far, null without differential privacy
     */
    public record Row(
            long round,
            Double accuracy,
            Double loss,
            int participants,
            long rejected,
            long bytesUp,
            long bytesDown,
            Double epsilon,
            long roundMs) {

        /** Merges the job's and the evaluator's record of one round; either may be null. */
        public static Row of(long round, RoundMetrics server, RoundMetrics evaluator) {
            Double accuracy = evaluator == null ? null : evaluator.getGlobalAccuracy();
            Double loss = evaluator == null ? null : evaluator.getGlobalLoss();
            if (server == null) {
                return new Row(round, accuracy, loss, 0, 0, 0, 0, null, 0);
            }
            long rejected = 0;
            for (long n : server.getRejected().values()) {
                rejected += n;
            }
            return new Row(
                    round,
                    accuracy,
                    loss,
                    server.getParticipants(),
                    rejected,
                    server.getBytesUp(),
                    server.getBytesDown(),
                    server.getPrivacySpent(),
                    server.getRoundDurationMs());
        }
    }

    /**
     * Rows by round from a stream of metrics records of one model: the last SERVER and the last
     * EVALUATOR record of each round are merged; other sources are ignored.
     */
    public static List<Row> rows(Iterable<RoundMetrics> metrics) {
        Map<Long, RoundMetrics[]> byRound = new TreeMap<>();
        for (RoundMetrics m : metrics) {
            int slot =
                    m.getSource() == MetricsSource.SERVER
                            ? 0
                            : m.getSource() == MetricsSource.EVALUATOR ? 1 : -1;
            if (slot >= 0) {
                byRound.computeIfAbsent(m.getRoundNumber(), r -> new RoundMetrics[2])[slot] = m;
            }
        }
        List<Row> rows = new ArrayList<>(byRound.size());
        byRound.forEach((round, pair) -> rows.add(Row.of(round, pair[0], pair[1])));
        return rows;
    }

    /** One CSV line, without the line break. */
    public static String format(Row row) {
        return row.round()
                + ","
                + decimal(row.accuracy())
                + ","
                + decimal(row.loss())
                + ","
                + row.participants()
                + ","
                + row.rejected()
                + ","
                + row.bytesUp()
                + ","
                + row.bytesDown()
                + ","
                + decimal(row.epsilon())
                + ","
                + row.roundMs();
    }

    /** Writes the header and {@code rows} to {@code file}, replacing it. */
    public static void write(Path file, List<Row> rows) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (Row row : rows) {
                out.write(format(row));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String decimal(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.6f", value);
    }
}
