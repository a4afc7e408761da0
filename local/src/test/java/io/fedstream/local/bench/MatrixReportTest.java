package io.fedstream.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixReportTest {
    private static MatrixCell cell(String attack, String rule, Double acc, String status) {
        return new MatrixCell(
                attack, rule, "mlp", 100, 10, "0.5", 30, 0.2, 42, acc, acc, 0.5, 30, 120.0, status);
    }

    @Test
    void csvLinesRoundTrip() {
        MatrixCell c = cell("alie", "krum", 0.8539, "ok");
        assertThat(c.toCsv())
                .isEqualTo(
                        "alie,krum,mlp,100,10,0.5,30,0.2,42,0.853900,0.853900,0.500000,30,120.0,ok");
        assertThat(MatrixCell.parse(c.toCsv())).isEqualTo(c);
        MatrixCell failed =
                new MatrixCell(
                        "none", "fedavg", "mlp", 100, 10, "iid", 30, 0, 42, null, null, null, 0,
                        3.0, "exit 1");
        assertThat(MatrixCell.parse(failed.toCsv())).isEqualTo(failed);
        assertThat(failed.ok()).isFalse();
        assertThatThrownBy(() -> MatrixCell.parse("a,b")).hasMessageContaining("2 fields vs 15");
    }

    @Test
    void appendedCellsAreReadBackAndALaterLineWins(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("r.csv");
        MatrixReport.append(csv, cell("none", "fedavg", null, "exit 1"));
        MatrixReport.append(csv, cell("none", "fedavg", 0.85, "ok"));
        MatrixReport.append(csv, cell("sign-flip", "fedavg", 0.10, "ok"));
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo(MatrixCell.HEADER);
        Map<String, MatrixCell> cells = MatrixReport.read(csv);
        assertThat(cells).hasSize(2);
        assertThat(cells.get(cell("none", "fedavg", null, "").key()).finalAccuracy())
                .isEqualTo(0.85);
    }

    @Test
    void markdownShowsPercentAndPointsAgainstCleanFedAvg() {
        Double[][] grid = {{0.85, null}, {0.1, 0.8325}};
        String md =
                MatrixReport.markdown(
                        List.of("none", "sign-flip"), List.of("fedavg", "median"), grid, 0.85);
        assertThat(md)
                .isEqualTo(
                        "| attack | fedavg | median |\n"
                                + "|---|---|---|\n"
                                + "| none | 85.00% (+0.00) | – |\n"
                                + "| sign-flip | 10.00% (-75.00) | 83.25% (-1.75) |\n");
    }

    @Test
    void renderKeepsOtherConfigurationsOutOfTheTable(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("r.csv");
        MatrixReport.append(csv, cell("none", "fedavg", 0.85, "ok"));
        MatrixCell otherRounds =
                new MatrixCell(
                        "sign-flip",
                        "fedavg",
                        "mlp",
                        100,
                        10,
                        "0.5",
                        5,
                        0.2,
                        42,
                        0.2,
                        0.2,
                        1.0,
                        5,
                        9,
                        "ok");
        MatrixReport.append(csv, otherRounds);
        MatrixReport.render(
                dir,
                csv,
                cell("", "", null, ""),
                List.of("none", "sign-flip"),
                List.of("fedavg"),
                "t");
        String md = Files.readString(dir.resolve("robustness.md"));
        assertThat(md).contains("| none | 85.00% (+0.00) |").contains("| sign-flip | – |");
        assertThat(dir.resolve("robustness.png")).exists();
    }

    @Test
    void cellOutcomeSkipsRoundZeroAndTakesTheLastRound(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("metrics.csv");
        Files.writeString(
                m,
                "round,accuracy,loss,participants,rejected,bytes_up,bytes_down,epsilon,round_ms\n"
                        + "0,0.900000,2.3,0,0,0,0,,0\n"
                        + "1,0.600000,1.0,10,0,1,1,,5\n"
                        + "2,0.700000,0.8,10,0,1,1,,5\n"
                        + "3,0.650000,0.9,10,0,1,1,,5\n"
                        + "4,,,10,0,1,1,,5\n");
        CellOutcome o = CellOutcome.read(m);
        assertThat(o).isEqualTo(new CellOutcome(0.65, 0.7, 0.9, 3));
        assertThat(CellOutcome.read(dir.resolve("missing.csv")))
                .isEqualTo(new CellOutcome(null, null, null, 0));
    }
}
