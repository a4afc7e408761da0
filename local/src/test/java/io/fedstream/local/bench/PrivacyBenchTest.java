package io.fedstream.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.evaluator.report.MetricsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PrivacyBenchTest {

    private static MetricsCsv.Row row(long round, Double acc, Double eps) {
        return new MetricsCsv.Row(round, acc, 0.5, 50, 0, 0, 0, eps, 0);
    }

    @Test
    void summarisesFinalAndBestAccuracyAndLastEpsilon() {
        List<MetricsCsv.Row> rows =
                List.of(
                        row(0, 0.10, null),
                        row(1, 0.60, 0.5),
                        row(2, 0.75, 0.9),
                        row(3, 0.70, 1.2));
        PrivacyBench.SweepRow r = PrivacyBench.SweepRow.of("eps2", 2.0, 1.15, rows, true);
        assertThat(r.rounds()).isEqualTo(3);
        assertThat(r.finalAccuracy()).isEqualTo(0.70);
        assertThat(r.bestAccuracy()).isEqualTo(0.75);
        assertThat(r.epsilonSpent()).isEqualTo(1.2);
        assertThat(PrivacyBench.SweepRow.format(r))
                .isEqualTo("eps2,2,1.1500,1.2000,0.7000,0.7500,3");
    }

    @Test
    void nonPrivateRowLeavesPrivacyColumnsEmpty() {
        PrivacyBench.SweepRow r =
                PrivacyBench.SweepRow.of(
                        "nonprivate",
                        null,
                        null,
                        List.of(row(0, 0.1, null), row(1, 0.8, null)),
                        true);
        assertThat(PrivacyBench.SweepRow.format(r)).isEqualTo("nonprivate,,,,0.8000,0.8000,1");
    }

    @Test
    void passesTheReadmeDemoFlagsPerRun() {
        PrivacyBench bench = new PrivacyBench();
        new CommandLine(bench).parseArgs("--rounds", "3", "--epsilons", "1,8");
        assertThat(bench.epsilons).containsExactly(1.0, 8.0);
        assertThat(bench.demoArgs(8.0, Path.of("o")))
                .containsSubsequence("--clients", "1000", "--per-round", "50", "--model", "logreg")
                .containsSubsequence("--rounds", "3")
                .containsSubsequence("--dp-epsilon", "8.0", "--dp-delta", "1.0E-5")
                .contains("--adaptive-clip");
        assertThat(bench.demoArgs(null, Path.of("o"))).doesNotContain("--dp-epsilon");
    }

    @Test
    void writesOneCsvLinePerRun(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("p.csv");
        PrivacyBench.SweepRow.write(
                csv,
                List.of(
                        new PrivacyBench.SweepRow(
                                "nonprivate", null, null, null, 0.8, 0.81, 30, true),
                        new PrivacyBench.SweepRow("eps1", 1.0, 1.628, 0.99, 0.77, 0.78, 30, true)));
        assertThat(Files.readAllLines(csv))
                .containsExactly(
                        PrivacyBench.SweepRow.HEADER,
                        "nonprivate,,,,0.8000,0.8100,30",
                        "eps1,1,1.6280,0.9900,0.7700,0.7800,30");
    }
}
