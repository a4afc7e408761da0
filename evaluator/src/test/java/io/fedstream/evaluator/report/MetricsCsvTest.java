package io.fedstream.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.RoundMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {

    @Test
    void headerIsExactlyTheDocumentedColumns() {
        assertThat(MetricsCsv.HEADER)
                .isEqualTo(
                        "round,accuracy,loss,participants,rejected,bytes_up,bytes_down,epsilon,round_ms");
    }

    @Test
    void formatsARowWithSixDecimalsAndDots() {
        MetricsCsv.Row row =
                new MetricsCsv.Row(3, 0.8531, 0.41234567, 10, 2, 1_017_080, 4_070_800, 1.25, 4_012);
        assertThat(MetricsCsv.format(row))
                .isEqualTo("3,0.853100,0.412346,10,2,1017080,4070800,1.250000,4012");
    }

    @Test
    void leavesMissingValuesEmpty() {
        MetricsCsv.Row row = new MetricsCsv.Row(0, null, null, 0, 0, 0, 0, null, 0);
        assertThat(MetricsCsv.format(row)).isEqualTo("0,,,0,0,0,0,,0");
    }

    @Test
    void mergesServerAndEvaluatorRecordsByRound() {
        RoundMetrics server1 = server(1, Map.of("STALE_ROUND", 2L, "NON_FINITE", 1L));
        RoundMetrics eval1 = evaluator(1, 0.75, 0.5);
        RoundMetrics eval0 = evaluator(0, 0.1, 2.3);

        List<MetricsCsv.Row> rows = MetricsCsv.rows(List.of(server1, eval1, eval0));

        assertThat(rows)
                .containsExactly(
                        new MetricsCsv.Row(0, 0.1, 2.3, 0, 0, 0, 0, null, 0),
                        new MetricsCsv.Row(1, 0.75, 0.5, 8, 3, 100, 200, 0.5, 900));
    }

    @Test
    void writesHeaderThenOneLinePerRow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.csv");
        MetricsCsv.write(
                file,
                List.of(
                        new MetricsCsv.Row(0, 0.1, 2.302585, 0, 0, 0, 0, null, 0),
                        new MetricsCsv.Row(1, 0.5, 1.0, 5, 0, 10, 20, null, 300)));
        assertThat(Files.readAllLines(file))
                .containsExactly(
                        MetricsCsv.HEADER,
                        "0,0.100000,2.302585,0,0,0,0,,0",
                        "1,0.500000,1.000000,5,0,10,20,,300");
    }

    private static RoundMetrics server(long round, Map<String, Long> rejected) {
        return RoundMetrics.newBuilder()
                .setModelId("m")
                .setRoundNumber(round)
                .setSource(MetricsSource.SERVER)
                .setParticipants(8)
                .setRejected(rejected)
                .setBytesUp(100)
                .setBytesDown(200)
                .setPrivacySpent(0.5)
                .setRoundDurationMs(900)
                .setCreatedAt(Instant.EPOCH)
                .build();
    }

    private static RoundMetrics evaluator(long round, double accuracy, double loss) {
        return RoundMetrics.newBuilder()
                .setModelId("m")
                .setRoundNumber(round)
                .setSource(MetricsSource.EVALUATOR)
                .setGlobalAccuracy(accuracy)
                .setGlobalLoss(loss)
                .setCreatedAt(Instant.EPOCH)
                .build();
    }
}
