package io.fedstream.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.job.optimizer.ServerOptimizers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerOptionsTest {

    @Test
    void defaultIsPlainFedAvgWithUnitServerRate() {
        JobConfig c = JobConfig.fromMap(Map.of("client-auth", "off"));
        assertThat(c.get(OptimizerOptions.SERVER_OPTIMIZER)).isEqualTo(Optimizer.FEDAVG);
        assertThat(c.serverLearningRate()).isEqualTo(1.0);
        assertThat(ServerOptimizers.of(c)).hasToString("fedavg(eta=1.0)");
    }

    @Test
    void unsetServerRateDependsOnTheOptimizer() {
        assertThat(JobConfig.fromArgs(args("--server-optimizer", "fedavgm")).serverLearningRate())
                .isEqualTo(1.0 - 0.9);
        assertThat(
                        JobConfig.fromArgs(
                                        args("--server-optimizer=fedavgm", "--server-momentum=0.5"))
                                .serverLearningRate())
                .isEqualTo(0.5);
        for (String adaptive : new String[] {"fedadagrad", "FedAdam", "fedyogi"}) {
            assertThat(
                            JobConfig.fromArgs(args("--server-optimizer", adaptive))
                                    .serverLearningRate())
                    .as(adaptive)
                    .isEqualTo(0.01);
        }
        assertThat(
                        JobConfig.fromArgs(
                                        args(
                                                "--server-optimizer=fedyogi",
                                                "--server-learning-rate=0.03"))
                                .serverLearningRate())
                .isEqualTo(0.03);
    }

    @Test
    void buildsTheSelectedOptimizerWithItsParameters() {
        JobConfig c =
                JobConfig.fromArgs(
                        args(
                                "--server-optimizer=fedadam",
                                "--server-beta1=0.8",
                                "--server-beta2=0.999",
                                "--server-tau=1e-4"));
        assertThat(ServerOptimizers.of(c))
                .hasToString("fedadam(eta=0.01, beta1=0.8, beta2=0.999, tau=1.0E-4)");
    }

    @Test
    void refusesBadValuesNamingTheKey() {
        assertThatThrownBy(() -> JobConfig.fromArgs(args("--server-optimizer", "adamw")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--server-optimizer adamw is not one of fedavg, fedavgm, fedadagrad,"
                                + " fedadam, fedyogi");
        assertThatThrownBy(() -> JobConfig.fromArgs(args("--server-learning-rate", "0")))
                .hasMessage(
                        "--server-learning-rate 0.0 must be a finite number > 0 (unset: per"
                                + " server-optimizer)");
        assertThatThrownBy(() -> JobConfig.fromArgs(args("--server-momentum", "1")))
                .hasMessage("--server-momentum 1.0 must be in [0, 1)");
        assertThatThrownBy(() -> JobConfig.fromArgs(args("--server-beta1", "-0.1")))
                .hasMessage("--server-beta1 -0.1 must be in [0, 1)");
        assertThatThrownBy(() -> JobConfig.fromArgs(args("--server-beta2", "NaN")))
                .hasMessage("--server-beta2 NaN must be in [0, 1)");
        assertThatThrownBy(() -> JobConfig.fromArgs(args("--server-tau", "0")))
                .hasMessage("--server-tau 0.0 must be a finite number > 0");
        assertThatThrownBy(() -> JobConfig.fromArgs(args("--server-tau", "abc")))
                .hasMessageContaining("server-tau");
    }

    private static String[] args(String... a) {
        String[] withAuthOff = java.util.Arrays.copyOf(a, a.length + 2);
        withAuthOff[a.length] = "--client-auth";
        withAuthOff[a.length + 1] = "off";
        return withAuthOff;
    }
}
