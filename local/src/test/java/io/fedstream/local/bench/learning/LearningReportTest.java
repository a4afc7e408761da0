package io.fedstream.local.bench.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningReportTest {
    @TempDir Path dir;

    private static LearningCell cell(String alpha, String setting, Double acc, Integer r80) {
        return new LearningCell(
                "mlp",
                alpha,
                "fedadam",
                setting,
                50,
                100,
                10,
                42,
                acc,
                acc == null ? null : acc + 0.01,
                r80,
                null,
                r80 == null ? null : 31.5,
                null,
                acc == null ? 7 : 50,
                250.0,
                acc == null ? "exit 1" : "ok");
    }

    @Test
    void csvLinesRoundTripAndALaterLineReplacesAnEarlierOne() {
        Path csv = dir.resolve("learning.csv");
        LearningCell failed = cell("0.5", "eta=0.01", null, null);
        LearningCell ok = cell("0.5", "eta=0.01", 0.871234, 12);
        LearningReport.append(csv, failed);
        LearningReport.append(csv, ok);
        Map<String, LearningCell> read = LearningReport.read(csv);
        assertThat(read).hasSize(1);
        LearningCell back = read.get(ok.key());
        assertThat(back).isEqualTo(ok);
        assertThat(back.ok()).isTrue();
        assertThat(failed.ok()).isFalse();
    }

    @Test
    void aCellThatStoppedEarlyIsNotOk() {
        LearningCell c = cell("0.5", "eta=0.01", 0.8, 3);
        LearningCell shortRun =
                new LearningCell(
                        c.model(),
                        c.alpha(),
                        c.optimizer(),
                        c.setting(),
                        50,
                        100,
                        10,
                        42,
                        0.8,
                        0.8,
                        3,
                        null,
                        1.0,
                        null,
                        20,
                        100.0,
                        "ok");
        assertThat(shortRun.ok()).isFalse();
    }

    @Test
    void markdownListsResultsAndMarksTheChosenSetting() {
        LearningCell chosen = cell("0.5", "eta=0.01", 0.871234, 12);
        LearningCell other = cell("0.5", "eta=0.03", 0.80, 20);
        String md =
                LearningReport.markdown(
                        "T",
                        List.of(chosen),
                        List.of(chosen, other),
                        Map.of("mlp/fedadam", "eta=0.01"),
                        "0.5");
        assertThat(md)
                .contains(
                        "| mlp | Dirichlet(0.5) | fedadam | eta=0.01 | 87.12% | 88.12% | 12 | - |"
                                + " 32 | - | 250 |")
                .contains("| mlp | fedadam | **eta=0.01** | 87.12% | 88.12% |")
                .contains("| mlp | fedadam | eta=0.03 | 80.00% | 81.00% |");
    }
}
