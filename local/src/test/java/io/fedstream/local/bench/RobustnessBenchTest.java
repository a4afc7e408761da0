package io.fedstream.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RobustnessBenchTest {
    private static RobustnessBench parse(String... args) {
        RobustnessBench b = new RobustnessBench();
        new CommandLine(b).parseArgs(args);
        return b;
    }

    @Test
    void defaultsCoverNoAttackEveryAttackAndEveryRule() {
        RobustnessBench b = parse();
        assertThat(b.attackList())
                .containsExactly(
                        "none",
                        "sign-flip",
                        "gaussian",
                        "scaling",
                        "label-flip",
                        "alie",
                        "ipm",
                        "min-max",
                        "min-sum",
                        "free-rider",
                        "replay",
                        "inflated-samples");
        assertThat(b.ruleList()).hasSize(8).startsWith("fedavg");
        // 20% of 10 per round
        assertThat(b.byzantineF()).isEqualTo(2);
    }

    @Test
    void cellArgsPassTheAttackAndOnlyTheRuleOptionsTheJobKnows() {
        RobustnessBench b =
                parse(
                        "--rounds",
                        "3",
                        "--clients",
                        "10",
                        "--per-round",
                        "5",
                        "--demo-arg=--lr",
                        "--demo-arg=0.05");
        Path dir = Path.of("cells/x");
        assertThat(b.cellArgs("none", "fedavg", dir, Set.of()))
                .containsExactly(
                        "--rounds",
                        "3",
                        "--clients",
                        "10",
                        "--per-round",
                        "5",
                        "--alpha",
                        "0.5",
                        "--model",
                        "mlp",
                        "--seed",
                        "42",
                        "--out",
                        dir.toString(),
                        "--lr",
                        "0.05");
        List<String> withRule =
                b.cellArgs("alie", "krum", dir, Set.of("aggregator", "byzantine-f"));
        assertThat(String.join(" ", withRule))
                .contains("--attack alie --byzantine-fraction 0.2")
                .contains("--job-option aggregator=krum")
                .contains("--job-option byzantine-f=1"); // round(0.2 x 5)
    }
}
