package io.fedstream.job.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer's first steps against values worked out by hand from the equations of Reddi et al.
 * 2021, Algorithm 2 (and Hsu et al. 2019 for FedAvgM), written in the comments. The deltas are the
 * same for every optimizer: d1 = (0.5, -0.25, 0), d2 = (0.25, 0.01, -1), d3 = (-0.5, 0.5, 0). Steps
 * are computed in double and rounded to float, hence the tolerance.
 */
class ServerOptimizerStepsTest {
    private static final float[] D1 = {0.5f, -0.25f, 0f};
    private static final float[] D2 = {0.25f, 0.01f, -1f};
    private static final float[] D3 = {-0.5f, 0.5f, 0f};
    // Reddi et al.'s beta1, beta2 and tau; eta = 0.01, the job's default for the adaptive ones.
    private static final double ETA = 0.01;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.99;
    private static final double TAU = 1e-3;

    @Test
    void fedAvgWithUnitRateStepsByTheDeltaItselfBitForBit() {
        Random random = new Random(7);
        float[] x = new float[1000];
        float[] delta = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
            delta[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 6));
        }
        FedAvgOptimizer fedAvg = new FedAvgOptimizer(1.0);
        float[] step = fedAvg.step(delta, null);
        for (int i = 0; i < x.length; i++) {
            assertThat(Float.floatToRawIntBits(x[i] + step[i]))
                    .as("coordinate %d", i)
                    .isEqualTo(Float.floatToRawIntBits(x[i] + delta[i]));
        }
        assertThat(step).isNotSameAs(delta);
        assertThat(fedAvg.stateful()).isFalse();
    }

    @Test
    void fedAvgScalesTheDeltaByTheServerLearningRate() {
        // eta = 0.5: 0.5 * (0.5, -0.25, 0) = (0.25, -0.125, 0)
        assertSteps(
                new FedAvgOptimizer(0.5), new float[][] {D1}, new double[][] {{0.25, -0.125, 0}});
    }

    @Test
    void fedAvgMAccumulatesHeavyBallMomentum() {
        // eta = 0.5, beta = 0.9, m0 = 0; m = 0.9 m + d; step = 0.5 m
        // round 1: m = (0.5, -0.25, 0)                                step (0.25, -0.125, 0)
        // round 2: m = (0.45 + 0.25, -0.225 + 0.01, 0 - 1)
        //            = (0.7, -0.215, -1)                              step (0.35, -0.1075, -0.5)
        // round 3: m = (0.63 - 0.5, -0.1935 + 0.5, -0.9 + 0)
        //            = (0.13, 0.3065, -0.9)                           step (0.065, 0.15325, -0.45)
        assertSteps(
                new FedAvgMOptimizer(0.5, 0.9),
                new float[][] {D1, D2, D3},
                new double[][] {{0.25, -0.125, 0}, {0.35, -0.1075, -0.5}, {0.065, 0.15325, -0.45}});
    }

    @Test
    void fedAdagradSumsSquaredDeltas() {
        // m = 0.9 m + 0.1 d; v = v + d^2, v0 = tau^2 = 1e-6; step = 0.01 m / (sqrt(v) + 0.001)
        // round 1: m = (0.05, -0.025, 0); v = (0.250001, 0.062501, 1e-6)
        //   sqrt v = (0.500001, 0.250002, 0.001)
        //   step = (0.0005 / 0.501001, -0.00025 / 0.251002, 0)
        //        = (9.98002e-4, -9.96008e-4, 0)
        // round 2: m = (0.045 + 0.025, -0.0225 + 0.001, 0 - 0.1) = (0.07, -0.0215, -0.1)
        //   v = (0.250001 + 0.0625, 0.062501 + 0.0001, 1e-6 + 1) = (0.312501, 0.062601, 1.000001)
        //   sqrt v = (0.5590178888, 0.2502019185, 1.0000005)
        //   step = (0.0007 / 0.5600178888, -0.000215 / 0.2512019185, -0.001 / 1.0010005)
        //        = (1.249960071e-3, -8.558851832e-4, -9.990005e-4)
        assertSteps(
                new FedAdagradOptimizer(ETA, BETA1, TAU),
                new float[][] {D1, D2},
                new double[][] {
                    {9.98002e-4, -9.96008e-4, 0},
                    {1.249960071e-3, -8.558851832e-4, -9.990005e-4}
                });
    }

    @Test
    void fedAdamKeepsAnExponentialAverageOfSquaredDeltas() {
        // m as for Adagrad; v = 0.99 v + 0.01 d^2, v0 = 1e-6
        // round 1: v = (9.9e-7 + 0.0025, 9.9e-7 + 0.000625, 9.9e-7)
        //            = (0.00250099, 0.00062599, 9.9e-7)
        //   sqrt v = (0.05000989902, 0.02501979217, 0.0009949874371)
        //   step = (0.0005 / 0.05100989902, -0.00025 / 0.02601979217, 0)
        //        = (9.802019012e-3, -9.608070595e-3, 0)
        // round 2: v = (0.0024759801 + 0.000625, 0.0006197301 + 0.000001, 9.801e-7 + 0.01)
        //            = (0.0031009801, 0.0006207301, 0.0100009801)
        //   sqrt v = (0.05568644449, 0.02491445564, 0.1000049004)
        //   step = (0.0007 / 0.05668644449, -0.000215 / 0.02591445564, -0.001 / 0.1010049004)
        //        = (1.234863125e-2, -8.296527736e-3, -9.90050974e-3)
        assertSteps(
                new FedAdamOptimizer(ETA, BETA1, BETA2, TAU),
                new float[][] {D1, D2},
                new double[][] {
                    {9.802019012e-3, -9.608070595e-3, 0},
                    {1.234863125e-2, -8.296527736e-3, -9.90050974e-3}
                });
    }

    @Test
    void fedYogiMovesTheSecondMomentBySignedSquaredDeltas() {
        // v = v - 0.01 d^2 sign(v - d^2), v0 = 1e-6
        // round 1: sign(v - d^2) = (-1, -1, sign(1e-6 - 0) = +1)
        //   v = (1e-6 + 0.0025, 1e-6 + 0.000625, 1e-6 - 0) = (0.002501, 0.000626, 1e-6)
        //   sqrt v = (0.050009999, 0.02501999201, 0.001)
        //   step = (0.0005 / 0.051009999, -0.00025 / 0.02601999201, 0)
        //        = (9.8019998e-3, -9.607996803e-3, 0)
        // round 2: d^2 = (0.0625, 0.0001, 1); sign(v - d^2) = (-1, +1, -1)
        //   v = (0.002501 + 0.000625, 0.000626 - 0.000001, 1e-6 + 0.01)
        //     = (0.003126, 0.000625, 0.010001)      (the second coordinate shrinks)
        //   sqrt v = (0.05591064299, 0.025, 0.1000049999)
        //   step = (0.0007 / 0.05691064299, -0.000215 / 0.026, -0.001 / 0.1010049999)
        //        = (1.229998403e-2, -8.269230769e-3, -9.900499988e-3)
        assertSteps(
                new FedYogiOptimizer(ETA, BETA1, BETA2, TAU),
                new float[][] {D1, D2},
                new double[][] {
                    {9.8019998e-3, -9.607996803e-3, 0},
                    {1.229998403e-2, -8.269230769e-3, -9.900499988e-3}
                });
    }

    @Test
    void adaptiveStateStartsWithZeroMomentAndTauSquared() {
        ServerOptimizerState s = new FedAdamOptimizer(ETA, BETA1, BETA2, TAU).initialState(2);
        assertThat(s.optimizer).isEqualTo("fedadam");
        assertThat(s.m).containsExactly(0, 0);
        assertThat(s.v).containsExactly(1e-6, 1e-6);
        assertThat(s.steps).isZero();
    }

    @Test
    void refusesTheStateOfAnotherOptimizerOrDimension() {
        FedYogiOptimizer yogi = new FedYogiOptimizer(ETA, BETA1, BETA2, TAU);
        ServerOptimizerState adam = new FedAdamOptimizer(ETA, BETA1, BETA2, TAU).initialState(3);
        assertThat(yogi.owns(adam)).isFalse();
        assertThatThrownBy(() -> yogi.step(D1, adam))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state of fedadam given to fedyogi");
        assertThatThrownBy(() -> yogi.step(D1, yogi.initialState(4)))
                .hasMessage("optimizer state has dimension 4 vs delta 3");
    }

    @Test
    void refusesParametersOutsideTheirRange() {
        assertThatThrownBy(() -> new FedAvgOptimizer(0))
                .hasMessage("eta = 0.0, expected finite and > 0");
        assertThatThrownBy(() -> new FedAvgMOptimizer(1, 1))
                .hasMessage("beta = 1.0, expected in [0, 1)");
        assertThatThrownBy(() -> new FedAdamOptimizer(ETA, BETA1, Double.NaN, TAU))
                .hasMessage("beta2 = NaN, expected in [0, 1)");
        assertThatThrownBy(() -> new FedAdagradOptimizer(ETA, BETA1, -1e-3))
                .hasMessage("tau = -0.001, expected finite and > 0");
    }

    /** Steps {@code optimizer} through {@code deltas} from its initial state. */
    private static void assertSteps(ServerOptimizer optimizer, float[][] deltas, double[][] want) {
        ServerOptimizerState state = optimizer.initialState(deltas[0].length);
        for (int t = 0; t < deltas.length; t++) {
            float[] before = deltas[t].clone();
            float[] step = optimizer.step(deltas[t], state);
            assertThat(deltas[t]).as("delta untouched").containsExactly(before);
            for (int i = 0; i < step.length; i++) {
                assertThat((double) step[i])
                        .as("%s round %d coordinate %d", optimizer, t + 1, i)
                        .isCloseTo(want[t][i], within(1e-9 + 1e-6 * Math.abs(want[t][i])));
            }
        }
        if (optimizer.stateful()) {
            assertThat(state.steps).isEqualTo(deltas.length);
        }
    }
}
