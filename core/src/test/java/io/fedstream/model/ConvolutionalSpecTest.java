package io.fedstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code cnn} specs: counts, layout, initialization and the reference forward pass. */
class ConvolutionalSpecTest {

    @Test
    void theDefaultCnnHas80202Parameters() {
        // conv 5x5 1->16: 16*25 + 16 = 416; 28 -> 24 -> pool 12
        // conv 5x5 16->32: 32*16*25 + 32 = 12,832; 12 -> 8 -> pool 4; features 32*4*4 = 512
        // dense 512->128: 65,536 + 128 = 65,664; 128->10: 1,280 + 10 = 1,290
        ModelSpec spec = ModelSpec.parse("cnn");
        assertThat(spec.numParameters()).isEqualTo(416 + 12_832 + 65_664 + 1_290);
        assertThat(spec).isEqualTo(ModelSpec.parse(" CNN:28-5-16-32-128-10 "));
        assertThat(spec).hasToString("cnn:28-5-16-32-128-10");
        assertThat(ModelSpec.parse(spec.toString())).isEqualTo(spec);
        assertThat(spec.inputSize()).isEqualTo(784);
        assertThat(spec.numClasses()).isEqualTo(10);
        assertThat(spec.layerSizes()).containsExactly(512, 128, 10);
        assertThat(spec.convolutional()).isTrue();
        assertThat(ModelSpec.parse("mlp").convolutional()).isFalse();
    }

    @Test
    void layoutIsKernelThenBiasPerBlockThenTheDenseLayers() {
        // cnn:7-2-3-4-5: conv1 [3,1,2,2] at 0 (12), b [3] at 12; conv2 [4,3,2,2] at 15 (48),
        // b [4] at 63; 7 -> 6 -> pool 3 -> 2 -> pool 1: features 4; W0 [4,5] at 67, b0 [5] at 87.
        ModelSpec spec = ModelSpec.parse("cnn:7-2-3-4-5");
        assertThat(spec.convWeightOffset(0)).isZero();
        assertThat(spec.convBiasOffset(0)).isEqualTo(12);
        assertThat(spec.convWeightOffset(1)).isEqualTo(15);
        assertThat(spec.convBiasOffset(1)).isEqualTo(63);
        assertThat(spec.weightOffset(0)).isEqualTo(67);
        assertThat(spec.biasOffset(0)).isEqualTo(87);
        assertThat(spec.numParameters()).isEqualTo(92);
        assertThat(spec.shapes())
                .containsExactly(
                        new int[] {3, 1, 2, 2},
                        new int[] {3},
                        new int[] {4, 3, 2, 2},
                        new int[] {4},
                        new int[] {4, 5},
                        new int[] {5});
        assertThat(
                        spec.matchesShapes(
                                List.of(
                                        List.of(3, 1, 2, 2),
                                        List.of(3),
                                        List.of(4, 3, 2, 2),
                                        List.of(4),
                                        List.of(4, 5),
                                        List.of(5))))
                .isTrue();
        assertThatThrownBy(() -> ModelSpec.parse("mlp").kernelSize())
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "cnn:28-5-16-32        | at least S-K-C1-C2-OUT",
                "cnn:12-3-2-2-10       | widths 10 and 3",
                "cnn:27-5-2-2-10       | widths 23 and 7",
                "cnn:8-9-2-2-10        | both must be even",
                "cnn:28-5-0-2-10       | must be > 0",
                "cnn:28-1-100000-2-10  | 4194304",
                "cnn:2000-1-1-1-10     | 2500014 parameters",
                "cnn:2052-1-1-1-10     | 4210704 values per example",
                "cnn:28-5-16-2147483647-10 | values per example",
                "cnn:28-5-16-32-10-x   | 'x'"
            })
    void badCnnSpecsAreRefusedNamingTheProblem(String spec, String named) {
        assertThatThrownBy(() -> ModelSpec.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named);
    }

    @Test
    void kernelsAreGlorotUniformOverTheirReceptiveFields() {
        ModelSpec spec = ModelSpec.parse("cnn");
        float[] p = spec.initialParameters(5);
        // block 1: fan_in 16*25 = 400, fan_out 32*25 = 800: a = sqrt(6 / 1200)
        double limit = Math.sqrt(6.0 / 1200);
        int from = spec.convWeightOffset(1);
        int n = 32 * 16 * 25;
        double sumSq = 0;
        for (int i = from; i < from + n; i++) {
            assertThat(Math.abs(p[i])).isLessThanOrEqualTo((float) limit);
            sumSq += (double) p[i] * p[i];
        }
        assertThat(sumSq / n).isCloseTo(limit * limit / 3, within(0.05 * limit * limit / 3));
        for (int i = spec.convBiasOffset(1); i < spec.convBiasOffset(1) + 32; i++) {
            assertThat(p[i]).isZero();
        }
        assertThat(spec.initialParameters(5)).containsExactly(p);
    }

    @Test
    void forwardPassOfAHandWorkedCnn() {
        // cnn:7-2-1-1-2 on x[r][c] = 7r + c (r, c in 0..6).
        // block 0: kernel [[1, 0], [0, 0]] (row-major k[0][0] = 1), bias 0: conv[r][c] = x[r][c]
        //   for r, c in 0..5 (cross-correlation, not a flipped convolution, which would pick
        //   x[r+1][c+1]); pool: p[i][j] = max of x over rows 2i..2i+1, cols 2j..2j+1
        //   = x[2i+1][2j+1] = 14i + 2j + 8, for i, j in 0..2.
        // block 1: kernel [[0, 0], [0, 1]], bias -10: q[i][j] = p[i+1][j+1] - 10 for i, j in 0..1;
        //   pool: max = p[2][2] - 10 = 28 + 4 + 8 - 10 = 30. Features [30].
        // dense [1, 2]: W = [[1, -2]], b = [0.5, 1]: logits [30.5, -59].
        float[] params = {1, 0, 0, 0, 0, 0, 0, 0, 1, -10, 1, -2, 0.5f, 1};
        ModelSpec spec = ModelSpec.parse("cnn:7-2-1-1-2");
        assertThat(spec.numParameters()).isEqualTo(params.length);
        float[] x = new float[49];
        for (int i = 0; i < 49; i++) {
            x[i] = i;
        }
        float[] z = new float[2];
        new ReferenceModel(spec, params).logits(x, z);
        assertThat(z).containsExactly(30.5f, -59f);

        // A negative pre-activation is cut by the ReLU before pooling: bias -100 in block 1
        // gives max(p - 100, 0) = 0 everywhere, so the logits are the dense biases.
        params[9] = -100;
        new ReferenceModel(spec, params).logits(x, z);
        assertThat(z).containsExactly(0.5f, 1f);
    }

    @Test
    void kernelsAreOutputChannelMajorAndSumOverInputChannels() {
        // cnn:4-1-2-2-1, x = 1..16 row by row; 4 -> 4 -> pool 2 -> 2 -> pool 1: features [2].
        // block 0 kernels [2,1,1,1] = {1, -1}, biases {0, 20}: ch0 = x, ch1 = 20 - x (> 0);
        //   pooled: ch0 = [[6, 8], [14, 16]], ch1 = [[19, 17], [11, 9]].
        // block 1 kernels [2 out, 2 in, 1, 1] = {{1, 0}, {0.5, 1}}, biases {0, -40}:
        //   out0 = ch0 -> 16; out1 = relu(0.5 ch0 + ch1 - 40) = relu([[-18, -19], [-22, -23]]) -> 0
        //   (read as [in, out] the kernels would give out0 = ch0 + 0.5 ch1 -> 20.5).
        // dense [2, 1] W = {{1}, {100}}, b = {0.25}: 16.25.
        ModelSpec spec = ModelSpec.parse("cnn:4-1-2-2-1");
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i + 1;
        }
        float[] params = {1, -1, 0, 20, 1, 0, 0.5f, 1, 0, -40, 1, 100, 0.25f};
        assertThat(spec.numParameters()).isEqualTo(params.length);
        float[] z = new float[1];
        new ReferenceModel(spec, params).logits(x, z);
        assertThat(z).containsExactly(16.25f);
        // out1's bias +40: 0.5 ch0 + ch1 + 40 = [[62, 61], [58, 57]] -> 62: 16 + 6200 + 0.25
        params[9] = 40;
        new ReferenceModel(spec, params).logits(x, z);
        assertThat(z).containsExactly(6216.25f);
    }

    @Test
    void featuresAreFlattenedChannelRowColumn() {
        // cnn:8-1-1-2-1, x[r][c] = 8r + c + 1; 8 -> 8 -> pool 4 -> 4 -> pool 2: features [2,2,2].
        // block 0 (kernel 1, bias 0): p[i][j] = x[2i+1][2j+1] = 8(2i+1) + 2j + 2.
        // block 1 kernels {1, 2}, biases 0: q0[i][j] = p[2i+1][2j+1] = [[28, 32], [60, 64]],
        //   q1 = 2 q0 = [[56, 64], [120, 128]].
        // Channel-major features: [28, 32, 60, 64, 56, 64, 120, 128]; a dense weight of 1 on
        // feature 4 reads 56 (row, column, channel order would put 60 there).
        ModelSpec spec = ModelSpec.parse("cnn:8-1-1-2-1");
        float[] x = new float[64];
        for (int i = 0; i < 64; i++) {
            x[i] = i + 1;
        }
        float[] params = new float[spec.numParameters()];
        assertThat(params).hasSize(1 + 1 + 2 + 2 + 8 + 1);
        params[0] = 1; // block 0 kernel
        params[2] = 1; // block 1 kernels
        params[3] = 2;
        params[spec.weightOffset(0) + 4] = 1;
        float[] z = new float[1];
        new ReferenceModel(spec, params).logits(x, z);
        assertThat(z).containsExactly(56f);
    }
}
