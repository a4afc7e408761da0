package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.edge.attack.AttackType;
import io.fedstream.job.config.AggregationOptions;
import io.fedstream.job.config.Aggregator;
import io.fedstream.job.config.GuardOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.PrivacyOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.config.RuntimeOptions;
import io.fedstream.job.config.StartingOffsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoMainTest {

    private static DemoMain parse(String... args) {
        DemoMain d = new DemoMain();
        new CommandLine(d).parseArgs(args);
        return d;
    }

    private static JobConfig jobConfig(String... args) {
        return parse(args).jobConfig();
    }

    @Test
    void theDefaultDemoRunsTheDocumentedJob() {
        // The values the demo has always run with: its accuracy curve depends on each of them.
        JobConfig c = jobConfig();
        assertThat(c.get(RoundOptions.MODEL_ID)).isEqualTo("fashion-mnist");
        assertThat(c.get(RoundOptions.MODEL_SPEC)).isEqualTo("mlp:784-128-10");
        assertThat(c.get(RoundOptions.NUM_CLIENTS)).isEqualTo(100);
        assertThat(c.get(RoundOptions.CLIENTS_PER_ROUND)).isEqualTo(10);
        assertThat(c.get(RoundOptions.NUM_ROUNDS)).isEqualTo(30);
        assertThat(c.get(RoundOptions.LOCAL_EPOCHS)).isEqualTo(10);
        assertThat(c.get(RoundOptions.LEARNING_RATE)).isEqualTo(0.1);
        assertThat(c.get(RoundOptions.BATCH_SIZE)).isEqualTo(32);
        assertThat(c.get(RoundOptions.SEED)).isEqualTo(42L);
        assertThat(c.get(RoundOptions.ROUND_TIMEOUT)).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.minClients()).isEqualTo(100);
        assertThat(c.get(KafkaOptions.STARTING_OFFSETS)).isEqualTo(StartingOffsets.EARLIEST);
        assertThat(c.get(RuntimeOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofMillis(500));
        assertThat(c.get(PrivacyOptions.DP)).isFalse();
        assertThat(c.get(AggregationOptions.AGGREGATOR)).isEqualTo(Aggregator.FEDAVG);
        assertThat(c.get(AggregationOptions.NORM_BOUND)).isEqualTo(0.0);
        assertThat(c.get(GuardOptions.GUARD_ANOMALY_DETECTION)).isFalse();
    }

    @Test
    void flagsNamedAsTheJobOptionsTheySet() {
        JobConfig c =
                jobConfig(
                        "--num-rounds", "7",
                        "--num-clients", "20",
                        "--clients-per-round", "4",
                        "--model-spec", "logreg",
                        "--learning-rate", "0.05",
                        "--round-timeout", "90 s");
        assertThat(c.get(RoundOptions.NUM_ROUNDS)).isEqualTo(7);
        assertThat(c.get(RoundOptions.NUM_CLIENTS)).isEqualTo(20);
        assertThat(c.minClients()).isEqualTo(20);
        assertThat(c.get(RoundOptions.CLIENTS_PER_ROUND)).isEqualTo(4);
        assertThat(c.get(RoundOptions.MODEL_SPEC)).isEqualTo("logreg:784-10");
        assertThat(c.get(RoundOptions.LEARNING_RATE)).isEqualTo(0.05);
        assertThat(c.get(RoundOptions.ROUND_TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void theOldFlagNamesStillWork() {
        JobConfig c =
                jobConfig(
                        "--rounds",
                        "7",
                        "--clients",
                        "20",
                        "--per-round",
                        "4",
                        "--model",
                        "logreg",
                        "--lr",
                        "0.05",
                        "--round-timeout",
                        "90",
                        "--dp-epsilon",
                        "8",
                        "--clip",
                        "0.7",
                        "--adaptive-clip",
                        "--noise-multiplier",
                        "1.5");
        assertThat(c.get(RoundOptions.NUM_ROUNDS)).isEqualTo(7);
        assertThat(c.get(RoundOptions.NUM_CLIENTS)).isEqualTo(20);
        assertThat(c.get(RoundOptions.CLIENTS_PER_ROUND)).isEqualTo(4);
        assertThat(c.get(RoundOptions.MODEL_SPEC)).isEqualTo("logreg:784-10");
        assertThat(c.get(RoundOptions.LEARNING_RATE)).isEqualTo(0.05);
        assertThat(c.get(RoundOptions.ROUND_TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.get(PrivacyOptions.DP)).isTrue();
        assertThat(c.get(PrivacyOptions.PRIVACY_BUDGET)).isEqualTo(8.0);
        assertThat(c.get(PrivacyOptions.DP_CLIP)).isEqualTo(0.7);
        assertThat(c.get(PrivacyOptions.DP_ADAPTIVE_CLIP)).isTrue();
        assertThat(c.get(PrivacyOptions.DP_NOISE_MULTIPLIER)).isEqualTo(1.5);
    }

    @Test
    void privacyBudgetTurnsOnCentralDp() {
        JobConfig c =
                jobConfig(
                        "--privacy-budget", "4",
                        "--dp-delta", "1e-6",
                        "--dp-clip", "0.5",
                        "--dp-adaptive-clip", "true");
        assertThat(c.get(PrivacyOptions.DP)).isTrue();
        assertThat(c.get(PrivacyOptions.PRIVACY_BUDGET)).isEqualTo(4.0);
        assertThat(c.get(PrivacyOptions.DP_DELTA)).isEqualTo(1e-6);
        assertThat(c.get(PrivacyOptions.DP_CLIP)).isEqualTo(0.5);
        assertThat(c.get(PrivacyOptions.DP_ADAPTIVE_CLIP)).isTrue();
        assertThat(c.getOptional(PrivacyOptions.DP_NOISE_MULTIPLIER)).isEmpty();
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
    void badAggregationFlagsFailBeforeAnythingStarts() {
        assertThatThrownBy(() -> jobConfig("--aggregator", "mean"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("--aggregator mean is not one of fedavg, median");
        assertThatThrownBy(() -> jobConfig("--aggregator", "trimmed-mean", "--trim-beta", "0.6"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--aggregator trimmed-mean")
                .hasMessageContaining("beta 0.6");
    }

    @Test
    void jobOptionSetsAnyRegisteredOptionAfterTheDemoFlags() {
        JobConfig c =
                jobConfig(
                        "--num-rounds", "30",
                        "--aggregator", "krum",
                        "--job-option", "num-rounds=7",
                        "--job-option", "max-num-samples=2000",
                        "--job-option", "aggregator=median");
        assertThat(c.get(RoundOptions.NUM_ROUNDS)).isEqualTo(7);
        assertThat(c.get(AggregationOptions.MAX_NUM_SAMPLES)).isEqualTo(2000L);
        assertThat(c.get(AggregationOptions.AGGREGATOR)).isEqualTo(Aggregator.MEDIAN);
    }

    @Test
    void jobOptionRejectsUnknownKeysAndBadValuesAsTheJobDoes() {
        assertThatThrownBy(() -> jobConfig("--job-option", "no-such-option=1"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--job-option no-such-option: unknown job option")
                .hasMessageContaining("num-rounds");
        assertThatThrownBy(() -> jobConfig("--job-option", "compression-ratio=0.1"))
                .hasMessageContaining("--job-option compression-ratio: unknown job option");
        assertThatThrownBy(() -> jobConfig("--job-option", "starting-offsets=middle"))
                .hasMessage(
                        "--job-option: --starting-offsets middle is not one of latest, earliest");
        assertThatThrownBy(() -> jobConfig("--job-option", "min-clients=-1"))
                .hasMessageContaining("--min-clients -1 must be >= 1");
        assertThatThrownBy(() -> jobConfig("--job-option", "seed=x"))
                .hasMessageStartingWith("--job-option: --seed: ");
    }

    @Test
    void jobOptionKeysAreTheRegistrysKeys() {
        assertThat(DemoMain.jobOptionKeys())
                .contains("max-num-samples", "aggregator", "num-rounds")
                .doesNotContain("compression-ratio");
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

    @Test
    void everyAttackAndCompressionTheHelpNamesIsAccepted() {
        for (AttackType t : AttackType.values()) {
            assertThat(parse("--attack", t.cliName()).attackConfig().type()).isEqualTo(t);
        }
        for (String mode : new String[] {"none", "topk", "q8", "topk+q8"}) {
            assertThat(parse("--compression", mode).compressionValue().mode().label())
                    .isEqualTo(mode);
        }
    }
}
