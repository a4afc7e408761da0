package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.job.config.FedStreamOptions;
import io.fedstream.job.config.JobConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoMainTest {

    private static JobConfig parse(String... args) {
        DemoMain demo = new DemoMain();
        new CommandLine(demo).parseArgs(args);
        return demo.jobConfig();
    }

    @Test
    void passesTheRobustnessFlagsToTheJob() {
        JobConfig c =
                parse(
                        "--aggregator", "multi-krum",
                        "--byzantine-f", "3",
                        "--multi-krum-m", "5",
                        "--trim-beta", "0.1",
                        "--cc-tau", "2.5",
                        "--cc-iterations", "4",
                        "--norm-bound", "7",
                        "--guard-anomaly-detection", "true");
        assertThat(c.get(FedStreamOptions.AGGREGATOR)).isEqualTo("multi-krum");
        assertThat(c.get(FedStreamOptions.BYZANTINE_F)).isEqualTo(3);
        assertThat(c.get(FedStreamOptions.MULTI_KRUM_M)).isEqualTo(5);
        assertThat(c.get(FedStreamOptions.TRIM_BETA)).isEqualTo(0.1);
        assertThat(c.get(FedStreamOptions.CC_TAU)).isEqualTo(2.5);
        assertThat(c.get(FedStreamOptions.CC_ITERATIONS)).isEqualTo(4);
        assertThat(c.get(FedStreamOptions.NORM_BOUND)).isEqualTo(7.0);
        assertThat(c.get(FedStreamOptions.GUARD_ANOMALY_DETECTION)).isTrue();
    }

    @Test
    void leavesTheJobDefaultsWhenTheFlagsAreAbsent() {
        JobConfig c = parse();
        assertThat(c.get(FedStreamOptions.AGGREGATOR)).isEqualTo("fedavg");
        assertThat(c.get(FedStreamOptions.NORM_BOUND)).isEqualTo(0.0);
        assertThat(c.get(FedStreamOptions.GUARD_ANOMALY_DETECTION)).isFalse();
    }
}
