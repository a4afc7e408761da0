package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.edge.attack.AttackType;
import io.fedstream.job.config.FedStreamOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoMainTest {
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
