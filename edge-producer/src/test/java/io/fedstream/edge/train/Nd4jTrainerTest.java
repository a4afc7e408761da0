package io.fedstream.edge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.data.Dataset;
import io.fedstream.edge.TestData;
import io.fedstream.model.ModelSpec;
import io.fedstream.model.ReferenceModel;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

class Nd4jTrainerTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "logreg:6-3",
                "mlp:6-5-3",
                "mlp:6-5-4-3",
                "cnn:10-3-2-3-3",
                "cnn:14-3-2-3-5-3",
                "cnn:11-2-3-2-4-4-3"
            })
    void gradientMatchesCentralFiniteDifferences(String specString) {
        ModelSpec spec = ModelSpec.parse(specString);
        Nd4jTrainer trainer = new Nd4jTrainer(spec, DataType.DOUBLE);
        Random rng = new Random(11);
        int n = 7;
        double[] params = new double[spec.numParameters()];
        for (int i = 0; i < params.length; i++) {
            params[i] = rng.nextGaussian() * 0.7;
        }
        double[] x = new double[n * spec.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble();
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(spec.numClasses());
        }

        double[] grad = new double[params.length];
        trainer.lossAndGradient(params, x, y, grad);

        double h = 1e-5;
        double worst = 0;
        for (int i = 0; i < params.length; i++) {
            double keep = params[i];
            params[i] = keep + h;
            double up = trainer.lossAndGradient(params, x, y, null);
            params[i] = keep - h;
            double down = trainer.lossAndGradient(params, x, y, null);
            params[i] = keep;
            double numeric = (up - down) / (2 * h);
            // Floor the denominator: for |g| < 1e-4 this asks for an absolute error below 1e-10,
            // about the round-off of a central difference with h = 1e-5.
            double rel =
                    Math.abs(numeric - grad[i])
                            / Math.max(Math.abs(numeric) + Math.abs(grad[i]), 1e-4);
            worst = Math.max(worst, rel);
        }
        assertThat(worst).as("worst relative gradient error for %s", spec).isLessThan(1e-6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "DOUBLE"})
    void forwardLossEqualsReferenceModelCrossEntropy(String type) {
        ModelSpec spec = ModelSpec.parse("mlp:20-8-3");
        Dataset data = TestData.random(50, 20, 3, 5);
        float[] params = spec.initialParameters(3);
        // Non-zero biases, so that the bias path is covered too.
        for (int l = 0; l < spec.numLayers(); l++) {
            for (int j = 0; j < spec.layerSizes()[l + 1]; j++) {
                params[spec.biasOffset(l) + j] = 0.1f * (j - 1);
            }
        }

        double expected =
                new ReferenceModel(spec, params).evaluate(data, 0, data.size()).meanLoss();
        double actual = new Nd4jTrainer(spec, DataType.valueOf(type)).meanLoss(params, data);

        assertThat(actual).isCloseTo(expected, within(1e-5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "DOUBLE"})
    void cnnForwardLossEqualsReferenceModelCrossEntropy(String type) {
        // 14 x 14 images, 3 x 3 kernels: 14 -> 12 -> pool 6 -> 4 -> pool 2; features 5 x 2 x 2.
        ModelSpec spec = ModelSpec.parse("cnn:14-3-4-5-6-3");
        Dataset data = TestData.random(40, spec.inputSize(), 3, 8);
        float[] params = spec.initialParameters(2);
        // Non-zero biases everywhere, so that every bias path is covered.
        Random rng = new Random(4);
        for (int block = 0; block < 2; block++) {
            for (int j = 0; j < spec.convOutChannels(block); j++) {
                params[spec.convBiasOffset(block) + j] = (float) (0.2 * rng.nextGaussian());
            }
        }
        for (int l = 0; l < spec.numLayers(); l++) {
            for (int j = 0; j < spec.layerSizes()[l + 1]; j++) {
                params[spec.biasOffset(l) + j] = (float) (0.2 * rng.nextGaussian());
            }
        }

        double expected =
                new ReferenceModel(spec, params).evaluate(data, 0, data.size()).meanLoss();
        double actual = new Nd4jTrainer(spec, DataType.valueOf(type)).meanLoss(params, data);

        assertThat(actual).isCloseTo(expected, within(1e-5));
    }

    @Test
    void cnnSgdFitsSeparableImagesAndIsDeterministic() {
        ModelSpec spec = ModelSpec.parse("cnn:10-3-4-4-3");
        Dataset data = TestData.separable(60, spec.inputSize(), 3, 6);
        float[] global = spec.initialParameters(4);
        Nd4jTrainer trainer = new Nd4jTrainer(spec);

        TrainingResult result = trainer.train(global, data, 40, 0.3, 8, 1);
        TrainingResult again = trainer.train(global, data, 40, 0.3, 8, 1);

        float[] local = global.clone();
        for (int i = 0; i < local.length; i++) {
            local[i] += result.delta()[i];
        }
        ReferenceModel.Evaluation before = new ReferenceModel(spec, global).evaluate(data, 0, 60);
        ReferenceModel.Evaluation after = new ReferenceModel(spec, local).evaluate(data, 0, 60);
        assertThat(after.meanLoss()).isLessThan(0.2 * before.meanLoss());
        assertThat(after.accuracy()).isEqualTo(1.0);
        assertThat(again.delta()).containsExactly(result.delta());
    }

    @Test
    void sgdOnSeparableDataReducesLossAndReachesFullAccuracy() {
        ModelSpec spec = ModelSpec.parse("mlp:12-6-3");
        Dataset data = TestData.separable(90, 12, 3, 8);
        float[] global = spec.initialParameters(4);
        Nd4jTrainer trainer = new Nd4jTrainer(spec);

        TrainingResult result = trainer.train(global, data, 30, 0.5, 8, 1);

        float[] local = new float[global.length];
        for (int i = 0; i < local.length; i++) {
            local[i] = global[i] + result.delta()[i];
        }
        ReferenceModel.Evaluation before = new ReferenceModel(spec, global).evaluate(data, 0, 90);
        ReferenceModel.Evaluation after = new ReferenceModel(spec, local).evaluate(data, 0, 90);
        assertThat(after.meanLoss()).isLessThan(0.2 * before.meanLoss());
        assertThat(after.accuracy()).isEqualTo(1.0);
        assertThat(result.loss()).isLessThan(before.meanLoss());
        assertThat(result.numSamples()).isEqualTo(90);
        assertThat(result.timeMs()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void reportedLossIsTheLastEpochMeanOfBatchLosses() {
        // One batch holding every example and one epoch: the reported loss is the loss of the
        // starting model, which the reference model computes independently.
        ModelSpec spec = ModelSpec.parse("logreg:12-3");
        Dataset data = TestData.separable(30, 12, 3, 2);
        float[] global = spec.initialParameters(9);

        TrainingResult result = new Nd4jTrainer(spec).train(global, data, 1, 0.1, 64, 3);

        double expected = new ReferenceModel(spec, global).evaluate(data, 0, 30).meanLoss();
        assertThat(result.loss()).isCloseTo(expected, within(1e-5));
    }

    @Test
    void sameSeedGivesBitIdenticalDeltaAndAnotherSeedDoesNot() {
        ModelSpec spec = ModelSpec.parse("mlp:20-8-3");
        Dataset data = TestData.random(70, 20, 3, 21);
        float[] global = spec.initialParameters(1);
        Nd4jTrainer trainer = new Nd4jTrainer(spec);

        TrainingResult a = trainer.train(global, data, 3, 0.05, 16, 42);
        TrainingResult b = trainer.train(global, data, 3, 0.05, 16, 42);
        TrainingResult c = trainer.train(global, data, 3, 0.05, 16, 43);

        assertThat(b.delta()).containsExactly(a.delta());
        assertThat(Double.doubleToLongBits(b.loss())).isEqualTo(Double.doubleToLongBits(a.loss()));
        assertThat(c.delta()).isNotEqualTo(a.delta());
    }

    @Test
    void rejectsParametersOfAnotherModel() {
        Nd4jTrainer trainer = new Nd4jTrainer(ModelSpec.parse("logreg:12-3"));
        Dataset data = TestData.random(10, 12, 3, 1);

        assertThatThrownBy(() -> trainer.train(new float[5], data, 1, 0.1, 4, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameters 5 vs spec logreg:12-3 39");
    }

    @Test
    void rejectsDataOfAnotherInputSize() {
        ModelSpec spec = ModelSpec.parse("logreg:12-3");
        Nd4jTrainer trainer = new Nd4jTrainer(spec);
        Dataset data = TestData.random(10, 7, 3, 1);

        assertThatThrownBy(() -> trainer.train(spec.initialParameters(1), data, 1, 0.1, 4, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset dim 7 vs spec logreg:12-3 input size 12");
    }

    @Test
    void fedProxStepsAddMuTimesTheDistanceToTheGlobalModel() {
        // Full-batch SGD for two epochs (one step each, so the shuffle does not matter), computed
        // by hand from the model's gradient: w1 = wg - lr g(wg) (the proximal term is 0 at wg),
        // w2 = w1 - lr (g(w1) + mu (w1 - wg)).
        ModelSpec spec = ModelSpec.parse("mlp:4-3-2");
        Nd4jTrainer trainer = new Nd4jTrainer(spec, DataType.DOUBLE);
        Random rng = new Random(5);
        int n = 6;
        float[] global = new float[spec.numParameters()];
        for (int i = 0; i < global.length; i++) {
            global[i] = (float) (rng.nextGaussian() * 0.5);
        }
        Dataset data = TestData.random(n, spec.inputSize(), spec.numClasses(), 17);
        double[] x = new double[n * spec.inputSize()];
        int[] y = new int[n];
        float[] row = new float[spec.inputSize()];
        for (int i = 0; i < n; i++) {
            data.features(i, row, 0);
            for (int j = 0; j < row.length; j++) {
                x[i * row.length + j] = row[j];
            }
            y[i] = data.label(i);
        }
        double lr = 0.3;
        double mu = 0.5;
        double[] wg = new double[global.length];
        for (int i = 0; i < wg.length; i++) {
            wg[i] = global[i];
        }
        double[] g = new double[wg.length];
        trainer.lossAndGradient(wg, x, y, g);
        double[] w1 = new double[wg.length];
        for (int i = 0; i < wg.length; i++) {
            w1[i] = wg[i] - lr * g[i];
        }
        trainer.lossAndGradient(w1, x, y, g);
        double[] expected = new double[wg.length];
        for (int i = 0; i < wg.length; i++) {
            double w2 = w1[i] - lr * (g[i] + mu * (w1[i] - wg[i]));
            expected[i] = w2 - wg[i];
        }

        float[] delta = trainer.train(global, data, 2, lr, n, mu, 3, l -> l).delta();
        float[] plain = trainer.train(global, data, 2, lr, n, 3).delta();
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) delta[i]).as("delta[%d]", i).isCloseTo(expected[i], within(1e-6));
        }
        assertThat(delta).isNotEqualTo(plain);
    }

    @Test
    void refusesANegativeOrNonFiniteProximalMu() {
        ModelSpec spec = ModelSpec.parse("logreg:4-2");
        Nd4jTrainer trainer = new Nd4jTrainer(spec);
        Dataset data = TestData.random(4, spec.inputSize(), spec.numClasses(), 1);
        float[] w = new float[spec.numParameters()];
        for (double mu : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> trainer.train(w, data, 1, 0.1, 2, mu, 1, l -> l))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0 <= mu < inf");
        }
    }
}
