package io.fedstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.data.Dataset;
import org.junit.jupiter.api.Test;

class ReferenceModelTest {

    @Test
    void logitsOfAHandWorkedTwoLayerNetwork() {
        // mlp:2-2-2, x = [1, 2]
        // W0 = [[1, -1], [0.5, 2]] (row i = input i), b0 = [0, -6]
        //   h = relu([1*1 + 2*0.5 + 0, 1*(-1) + 2*2 - 6]) = relu([2, -3]) = [2, 0]
        // W1 = [[1, 2], [3, 4]], b1 = [0.5, -1]
        //   z = [2*1 + 0*3 + 0.5, 2*2 + 0*4 - 1] = [2.5, 3]
        // Without the ReLU z[0] would be 2 - 9 + 0.5 = -6.5; with W transposed z would differ too.
        float[] params = {1, -1, 0.5f, 2, 0, -6, 1, 2, 3, 4, 0.5f, -1};
        ReferenceModel model = new ReferenceModel(ModelSpec.parse("mlp:2-2-2"), params);
        float[] z = new float[2];
        model.logits(new float[] {1, 2}, z);
        assertThat(z).containsExactly(2.5f, 3f);
        assertThat(ReferenceModel.argmax(z)).isEqualTo(1);
    }

    @Test
    void logisticRegressionLogitsAreAnAffineMap() {
        // logreg:3-2, W = [[1, 2], [3, 4], [5, 6]], b = [0.25, -0.25], x = [1, 0, -1]
        // z = [1 - 5 + 0.25, 2 - 6 - 0.25] = [-3.75, -4.25]
        float[] params = {1, 2, 3, 4, 5, 6, 0.25f, -0.25f};
        float[] z = new float[2];
        new ReferenceModel(ModelSpec.parse("logreg:3-2"), params).logits(new float[] {1, 0, -1}, z);
        assertThat(z).containsExactly(-3.75f, -4.25f);
    }

    @Test
    void crossEntropyMatchesTheClosedForm() {
        // Two classes: CE(z, 0) = log(1 + e^(z1 - z0)) (softplus), CE(z, 1) = log(1 + e^(z0 - z1)).
        float[] z = {2.5f, 3f};
        assertThat(ReferenceModel.crossEntropy(z, 0))
                .isCloseTo(Math.log1p(Math.exp(0.5)), within(1e-12));
        assertThat(ReferenceModel.crossEntropy(z, 1))
                .isCloseTo(Math.log1p(Math.exp(-0.5)), within(1e-12));
        // Equal logits over k classes: log k.
        assertThat(ReferenceModel.crossEntropy(new float[10], 3))
                .isCloseTo(Math.log(10), within(1e-12));
    }

    @Test
    void crossEntropyStaysFiniteForLargeLogits() {
        // log(e^1000 + e^0) - 0 = 1000 + log(1 + e^-1000) = 1000 in double precision.
        assertThat(ReferenceModel.crossEntropy(new float[] {1000f, 0f}, 1))
                .isCloseTo(1000.0, within(1e-9));
        assertThat(ReferenceModel.crossEntropy(new float[] {1000f, 0f}, 0))
                .isCloseTo(0.0, within(1e-12));
    }

    @Test
    void hugeEqualLogitsGiveTheLogOfTheClassCountNotZero() {
        // ln(2) + (1e35 - 1e35): summed the other way round, 1e35 absorbs ln 2 and the loss is 0.
        assertThat(ReferenceModel.crossEntropy(new float[] {1e35f, 1e35f}, 1))
                .isCloseTo(Math.log(2), within(1e-12));
        float[] negative = new float[10];
        java.util.Arrays.fill(negative, -3e26f);
        assertThat(ReferenceModel.crossEntropy(negative, 4)).isCloseTo(Math.log(10), within(1e-12));
    }

    @Test
    void overflowedLogitsGiveANonFiniteLoss() {
        assertThat(
                        ReferenceModel.crossEntropy(
                                new float[] {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}, 0))
                .isNaN();
        assertThat(ReferenceModel.crossEntropy(new float[] {0f, Float.NEGATIVE_INFINITY}, 1))
                .isInfinite();
    }

    @Test
    void argmaxTakesTheFirstOfTies() {
        assertThat(ReferenceModel.argmax(new float[] {1, 3, 3, 2})).isEqualTo(1);
        assertThat(ReferenceModel.argmax(new float[] {-1})).isZero();
    }

    @Test
    void evaluateCountsCorrectExamplesAndSumsLoss() {
        // logreg:2-2 with identity weights and zero bias: logits = features.
        // Features are bytes / 255, so 255 -> 1.0 and 0 -> 0.0.
        //   ex0 x=[1,0] y=0 correct, loss log(1 + e^-1)
        //   ex1 x=[0,1] y=1 correct, loss log(1 + e^-1)
        //   ex2 x=[1,0] y=1 wrong,   loss log(1 + e^1)
        //   ex3 x=[0,1] y=0 wrong,   loss log(1 + e^1)
        byte[] features = {(byte) 255, 0, 0, (byte) 255, (byte) 255, 0, 0, (byte) 255};
        byte[] labels = {0, 1, 1, 0};
        Dataset data = new Dataset(features, labels, 2, 2);
        ReferenceModel model =
                new ReferenceModel(ModelSpec.parse("logreg:2-2"), new float[] {1, 0, 0, 1, 0, 0});
        double right = Math.log1p(Math.exp(-1));
        double wrong = Math.log1p(Math.exp(1));

        ReferenceModel.Evaluation all = model.evaluate(data, 0, 4);
        assertThat(all.examples()).isEqualTo(4);
        assertThat(all.correct()).isEqualTo(2);
        assertThat(all.lossSum()).isCloseTo(2 * right + 2 * wrong, within(1e-6));
        assertThat(all.accuracy()).isEqualTo(0.5);
        assertThat(all.meanLoss()).isCloseTo((right + wrong) / 2, within(1e-6));

        ReferenceModel.Evaluation tail = model.evaluate(data, 1, 3);
        assertThat(tail.examples()).isEqualTo(2);
        assertThat(tail.correct()).isEqualTo(1);

        ReferenceModel.Evaluation merged =
                model.evaluate(data, 0, 1).plus(model.evaluate(data, 1, 4));
        assertThat(merged.examples()).isEqualTo(4);
        assertThat(merged.correct()).isEqualTo(2);
        assertThat(merged.lossSum()).isCloseTo(all.lossSum(), within(1e-12));
    }

    @Test
    void emptyEvaluationHasZeroAccuracyAndLoss() {
        ReferenceModel.Evaluation none = new ReferenceModel.Evaluation(0, 0, 0);
        assertThat(none.accuracy()).isZero();
        assertThat(none.meanLoss()).isZero();
    }

    @Test
    void refusesAParameterVectorOfTheWrongLength() {
        assertThatThrownBy(() -> new ReferenceModel(ModelSpec.parse("logreg:2-2"), new float[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5")
                .hasMessageContaining("6");
    }
}
