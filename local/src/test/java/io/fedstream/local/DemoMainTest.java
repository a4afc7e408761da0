package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.edge.attack.AttackType;
import io.fedstream.job.config.FedStreamOptions;
import io.fedstream.job.config.JobConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoMainTest {

    private static JobConfig jobConfig(String... args) {
        DemoMain demo = new DemoMain();
        new CommandLine(demo).parseArgs(args);
        return demo.jobConfig();
    }

    @Test
    void passesTheRobustnessFlagsToTheJob() {
        JobConfig c =
                jobConfig(
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
        JobConfig c = jobConfig();
        assertThat(c.get(FedStreamOptions.AGGREGATOR)).isEqualTo("fedavg");
        assertThat(c.get(FedStreamOptions.NORM_BOUND)).isEqualTo(0.0);
        assertThat(c.get(FedStreamOptions.GUARD_ANOMALY_DETECTION)).isFalse();
    }

    private static DemoMain parse(String... args) {
        DemoMain d = new DemoMain();
        new CommandLine(d).parseArgs(args);
        return d;
    }

    @Test
    void jobOptionSetsAKnownOptionAfterTheDemoFlags() {
        DemoMain d = parse("--rounds", "30", "--job-option", "num-rounds=7");
        assertThat(d.jobConfig().get(FedStreamOptions.NUM_ROUNDS)).isEqualTo(7);
    }

    @Test
    void jobOptionRejectsAKeyTheJobDoesNotKnow() {
        DemoMain d = parse("--job-option", "no-such-option=1");
        assertThatThrownBy(d::jobConfig)
                .hasMessageContaining("--job-option no-such-option: unknown job option")
                .hasMessageContaining("num-rounds");
    }

    @Test
    void attackFlagsDefaultToTheDemoSeed() {
        DemoMain d = parse("--seed", "42", "--attack", "sign-flip", "--byzantine-fraction", "0.3");
        assertThat(d.attackConfig().type()).isEqualTo(AttackType.SIGN_FLIP);
        assertThat(d.attackConfig().byzantineFraction()).isEqualTo(0.3);
        assertThat(d.attackConfig().seed()).isEqualTo(42);
        assertThat(parse().attackConfig().active()).isFalse();
        assertThatThrownBy(
                        () ->
                                parse("--byzantine-fraction", "1.5", "--attack", "ipm")
                                        .attackConfig())
                .hasMessageContaining("byzantineFraction is 1.5");
    }
}
