package io.fedstream.local.bench.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LearningBenchTest {
    private static LearningBench parse(String... args) {
        LearningBench b = new LearningBench();
        new CommandLine(b).parseArgs(args);
        return b;
    }

    @Test
    void defaultsCoverThreeModelsThreeSplitsAndFiveOptimizers() {
        LearningBench b = parse();
        assertThat(b.models).containsExactly("logreg", "mlp", "cnn");
        assertThat(b.alphas).containsExactly("iid", "0.5", "0.1");
        assertThat(b.grid().optimizers())
                .containsExactly("fedavg", "fedavgm", "fedadam", "fedyogi", "fedprox");
        assertThat(b.rounds).isEqualTo(50);
    }

    @Test
    void gridOverridesNameTheTunedParameterOfTheOptimizer() {
        LearningBench b = parse("--grid", "fedadam=0.01:0.1", "--grid", "fedprox=0.001");
        assertThat(b.grid().settings("fedadam")).containsExactly("eta=0.01", "eta=0.1");
        assertThat(b.grid().settings("fedprox")).containsExactly("mu=0.001");
    }

    @Test
    void cellArgsCarryTheSetupTheOptimizerAndTheModelsOwnArguments() {
        LearningBench b =
                parse(
                        "--rounds",
                        "3",
                        "--clients",
                        "20",
                        "--per-round",
                        "4",
                        "--seed",
                        "7",
                        "--out",
                        "/tmp/lb",
                        "--demo-arg=--local-epochs",
                        "--demo-arg=2",
                        "--model-args",
                        "cnn=--lr 0.05");
        LearningCell c = b.planned("cnn", "iid", "fedyogi", "eta=0.01");
        assertThat(b.cellDir(c)).isEqualTo(Path.of("/tmp/lb/cells/cnn__iid__fedyogi__eta=0.01"));
        assertThat(b.cellArgs(c))
                .containsExactly(
                        "--rounds",
                        "3",
                        "--clients",
                        "20",
                        "--per-round",
                        "4",
                        "--alpha",
                        "iid",
                        "--model",
                        "cnn",
                        "--seed",
                        "7",
                        "--out",
                        "/tmp/lb/cells/cnn__iid__fedyogi__eta=0.01",
                        "--job-option",
                        "server-optimizer=fedyogi",
                        "--job-option",
                        "server-learning-rate=0.01",
                        "--local-epochs",
                        "2",
                        "--lr",
                        "0.05");
        assertThat(b.cellArgs(b.planned("mlp", "iid", "fedprox", "mu=0.1")))
                .contains("--fedprox-mu", "0.1")
                .doesNotContain("--lr");
    }

    @Test
    void cnnCellsTrainTwoLocalEpochsUnlessTheModelArgsSayOtherwise() {
        LearningBench b = new LearningBench();
        new CommandLine(b).parseArgs();
        List<String> args = b.cellArgs(b.planned("cnn", "0.5", "fedavg", "eta=1"));
        assertThat(String.join(" ", args)).endsWith("--local-epochs 2");
        assertThat(b.cellArgs(b.planned("mlp", "0.5", "fedavg", "eta=1")))
                .doesNotContain("--local-epochs");
    }
}
