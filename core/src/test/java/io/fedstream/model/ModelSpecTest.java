package io.fedstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSpecTest {

    @Test
    void logregHas7850Parameters() {
        // 784 * 10 weights + 10 biases
        ModelSpec spec = ModelSpec.parse("logreg");
        assertThat(spec.numParameters()).isEqualTo(7_850);
        assertThat(spec.layerSizes()).containsExactly(784, 10);
        assertThat(spec.numLayers()).isEqualTo(1);
        assertThat(spec.inputSize()).isEqualTo(784);
        assertThat(spec.numClasses()).isEqualTo(10);
    }

    @Test
    void mlpHas101770Parameters() {
        // 784*128 + 128 + 128*10 + 10 = 100,352 + 128 + 1,280 + 10
        ModelSpec spec = ModelSpec.parse("mlp");
        assertThat(spec.numParameters()).isEqualTo(101_770);
        assertThat(spec.layerSizes()).containsExactly(784, 128, 10);
        assertThat(spec).isEqualTo(ModelSpec.parse("mlp:784-128-10"));
        assertThat(spec).hasToString("mlp:784-128-10");
    }

    @Test
    void explicitSizesAreParsedCaseAndSpaceInsensitively() {
        assertThat(ModelSpec.parse(" MLP:20-8-3 ").layerSizes()).containsExactly(20, 8, 3);
        assertThat(ModelSpec.parse("logreg:20-3").numParameters()).isEqualTo(20 * 3 + 3);
        assertThat(ModelSpec.parse("logreg:784-10")).isEqualTo(ModelSpec.parse("logreg"));
        assertThat(ModelSpec.parse("logreg:784-10").hashCode())
                .isEqualTo(ModelSpec.parse("logreg").hashCode());
        assertThat(ModelSpec.parse("logreg:784-10")).isNotEqualTo(ModelSpec.parse("mlp:784-10-10"));
    }

    @Test
    void offsetsFollowTheWeightsThenBiasLayout() {
        // mlp:20-8-3: W0 [20,8] at 0 (160), b0 [8] at 160, W1 [8,3] at 168 (24), b1 [3] at 192.
        ModelSpec spec = ModelSpec.parse("mlp:20-8-3");
        assertThat(spec.weightOffset(0)).isZero();
        assertThat(spec.biasOffset(0)).isEqualTo(160);
        assertThat(spec.weightOffset(1)).isEqualTo(168);
        assertThat(spec.biasOffset(1)).isEqualTo(192);
        assertThat(spec.numParameters()).isEqualTo(195);
        assertThat(spec.shapes())
                .containsExactly(new int[] {20, 8}, new int[] {8}, new int[] {8, 3}, new int[] {3});
    }

    @Test
    void matchesItsOwnShapesOnly() {
        ModelSpec spec = ModelSpec.parse("mlp:20-8-3");
        assertThat(
                        spec.matchesShapes(
                                List.of(List.of(20, 8), List.of(8), List.of(8, 3), List.of(3))))
                .isTrue();
        assertThat(
                        spec.matchesShapes(
                                List.of(List.of(8, 20), List.of(8), List.of(8, 3), List.of(3))))
                .isFalse();
        assertThat(spec.matchesShapes(List.of(List.of(20, 8), List.of(8)))).isFalse();
        assertThat(spec.matchesShapes(null)).isFalse();
    }

    @Test
    void largeDimensionsCompareByValueNotByBoxIdentity() {
        // Integer boxes above 127 are not cached: != on them would compare references.
        ModelSpec spec = ModelSpec.parse("logreg:784-300");
        List<Integer> first = List.of(Integer.valueOf(784), Integer.valueOf(300));
        assertThat(spec.matchesShapes(List.of(first, List.of(Integer.valueOf(300))))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "rnn              | 'rnn'",
                "mlp:20-x-3       | 'x'",
                "mlp:20--3        | ''",
                "mlp:20-0-3       | 0",
                "cnn:2-2          | 'cnn:2-2'",
                "logreg:20-8-3    | logreg",
                "mlp:20-3         | mlp",
                "''               | ''"
            })
    void parseErrorsNameTheBadInput(String spec, String named) {
        assertThatThrownBy(() -> ModelSpec.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + spec + "'")
                .hasMessageContaining(named);
    }

    @Test
    void refusesAModelTooLargeForAKafkaRecord() {
        // 784*4096 + 4096 + 4096*4096 + 4096 + 4096*10 + 10 = 20,037,642 parameters;
        // limit (8 MiB - 64 KiB) / 4 bytes = 2,080,768.
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-4096-4096-10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("20037642 parameters")
                .hasMessageContaining("2080768 parameters");
    }

    @Test
    void initialParametersAreDeterministicPerSeed() {
        ModelSpec spec = ModelSpec.parse("mlp:20-8-3");
        assertThat(spec.initialParameters(42)).containsExactly(spec.initialParameters(42));
        assertThat(spec.initialParameters(42)).isNotEqualTo(spec.initialParameters(43));
    }

    @Test
    void firstWeightIsTheFirstSplitMix64OutputScaledToTheGlorotRange() {
        // Published SplitMix64 test vector: seed 0 -> first output 0xE220A8397B1DCDAF.
        double u = (0xE220A8397B1DCDAFL >>> 11) * 0x1.0p-53;
        double limit = Math.sqrt(6.0 / (784 + 10));
        float expected = (float) (limit * (2 * u - 1));
        assertThat(ModelSpec.parse("logreg").initialParameters(0)[0]).isEqualTo(expected);
    }

    @Test
    void initialBiasesAreZeroAndWeightsGlorotUniform() {
        ModelSpec spec = ModelSpec.parse("mlp");
        float[] p = spec.initialParameters(7);
        int[] sizes = spec.layerSizes();
        for (int l = 0; l < spec.numLayers(); l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double limit = Math.sqrt(6.0 / (in + out));
            int w = spec.weightOffset(l);
            int n = in * out;
            double sum = 0;
            double sumSq = 0;
            for (int i = w; i < w + n; i++) {
                assertThat(Math.abs(p[i]))
                        .as("weight %d of layer %d", i, l)
                        .isLessThanOrEqualTo((float) limit);
                sum += p[i];
                sumSq += (double) p[i] * p[i];
            }
            // U(-a, a): mean 0, variance a^2/3; allow 5 standard errors of the mean.
            double sd = limit / Math.sqrt(3);
            assertThat(sum / n)
                    .as("mean of layer %d", l)
                    .isCloseTo(0.0, within(5 * sd / Math.sqrt(n)));
            assertThat(sumSq / n)
                    .as("variance of layer %d", l)
                    .isCloseTo(sd * sd, within(0.05 * sd * sd));
            for (int j = spec.biasOffset(l); j < spec.biasOffset(l) + out; j++) {
                assertThat(p[j]).as("bias %d of layer %d", j, l).isZero();
            }
        }
    }
}
