package io.fedstream.local.bench.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningGridTest {
    private static LearningCell done(String setting, double accuracy, String status) {
        LearningCell p = LearningCell.planned("mlp", "0.5", "fedadam", setting, 3, 10, 5, 1);
        return new LearningCell(
                p.model(),
                p.alpha(),
                p.optimizer(),
                p.setting(),
                3,
                10,
                5,
                1,
                accuracy,
                accuracy,
                null,
                null,
                null,
                null,
                3,
                10.0,
                status);
    }

    @Test
    void serverOptimizersPassTheirNameAndRateFedProxItsMu() {
        assertThat(LearningGrid.args("fedadam", "eta=0.01"))
                .containsExactly(
                        "--job-option",
                        "server-optimizer=fedadam",
                        "--job-option",
                        "server-learning-rate=0.01");
        assertThat(LearningGrid.args("fedprox", "mu=0.1")).containsExactly("--fedprox-mu", "0.1");
    }

    @Test
    void malformedSettingsAndUnknownOptimizersAreRefusedUpFront() {
        assertThatThrownBy(() -> LearningGrid.args("fedprox", "eta=0.1"))
                .hasMessageContaining("expected mu=NUMBER");
        assertThatThrownBy(() -> LearningGrid.args("fedadam", "eta=fast"))
                .hasMessageContaining("NAME=NUMBER");
        assertThatThrownBy(() -> LearningGrid.args("fedadam", "eta=-1"))
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> LearningGrid.of(List.of("sgd"), Map.of()))
                .hasMessageContaining("expected one of");
    }

    @Test
    void theChosenSettingHasTheBestFinalAccuracyAmongFinishedCellsFirstOnTies() {
        LearningGrid grid = LearningGrid.of(List.of("fedadam"), Map.of());
        assertThat(grid.settings("fedadam")).containsExactly("eta=0.003", "eta=0.01", "eta=0.03");
        Map<String, LearningCell> tuning = new LinkedHashMap<>();
        assertThat(grid.chosen("fedadam", tuning)).isNull();
        tuning.put("eta=0.003", done("eta=0.003", 0.80, "ok"));
        tuning.put("eta=0.01", done("eta=0.01", 0.85, "ok"));
        tuning.put("eta=0.03", done("eta=0.03", 0.90, "exit 1")); // failed: not a candidate
        assertThat(grid.chosen("fedadam", tuning)).isEqualTo("eta=0.01");
        tuning.put("eta=0.003", done("eta=0.003", 0.85, "ok"));
        assertThat(grid.chosen("fedadam", tuning)).isEqualTo("eta=0.003");
    }

    @Test
    void anOverrideReplacesOneOptimizersGrid() {
        LearningGrid grid =
                LearningGrid.of(
                        List.of("fedavg", "fedprox"), Map.of("fedprox", List.of("mu=0.001")));
        assertThat(grid.optimizers()).containsExactly("fedavg", "fedprox");
        assertThat(grid.settings("fedavg")).containsExactly("eta=1");
        assertThat(grid.settings("fedprox")).containsExactly("mu=0.001");
    }
}
