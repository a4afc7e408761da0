package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.edge.attack.AttackType;
import io.fedstream.job.config.AggregationOptions;
import io.fedstream.job.config.Aggregator;
import io.fedstream.job.config.GuardOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.RoundOptions;
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
        assertThat(c.get(AggregationOptions.AGGREGATOR)).isEqualTo(Aggregator.MULTI_KRUM);
        assertThat(c.get(AggregationOptions.BYZANTINE_F)).isEqualTo(3);
        assertThat(c.get(AggregationOptions.MULTI_KRUM_M)).isEqualTo(5);
        assertThat(c.get(AggregationOptions.TRIM_BETA)).isEqualTo(0.1);
        assertThat(c.get(AggregationOptions.CC_TAU)).isEqualTo(2.5);
        assertThat(c.get(AggregationOptions.CC_ITERATIONS)).isEqualTo(4);
        assertThat(c.get(AggregationOptions.NORM_BOUND)).isEqualTo(7.0);
        assertThat(c.get(GuardOptions.GUARD_ANOMALY_DETECTION)).isTrue();
    }

    @Test
    void leavesTheJobDefaultsWhenTheFlagsAreAbsent() {
        JobConfig c = jobConfig();
        assertThat(c.get(AggregationOptions.AGGREGATOR)).isEqualTo(Aggregator.FEDAVG);
        assertThat(c.get(AggregationOptions.NORM_BOUND)).isEqualTo(0.0);
        assertThat(c.get(GuardOptions.GUARD_ANOMALY_DETECTION)).isFalse();
    }

    private static DemoMain parse(String... args) {
        DemoMain d = new DemoMain();
        new CommandLine(d).parseArgs(args);
        return d;
    }

    @Test
    void jobOptionSetsAKnownOptionAfterTheDemoFlags() {
        DemoMain d = parse("--rounds", "30", "--job-option", "num-rounds=7");
        assertThat(d.jobConfig().get(RoundOptions.NUM_ROUNDS)).isEqualTo(7);
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
