package io.fedstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.TensorCodec;
import io.fedstream.data.Dataset;
import io.fedstream.model.ModelSpec;
import io.fedstream.model.ReferenceModel;
import io.fedstream.model.ReferenceModel.Evaluation;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestSetEvaluatorTest {

    @Test
    void scoresHandWorkedModels() {
        try (TestSetEvaluator scorer = new TestSetEvaluator(TinyData.testSet(), 2)) {
            EvaluationResult zero = scorer.evaluate(TinyData.model("m", 0, TinyData.ZERO, false));
            assertThat(zero.accuracy()).isCloseTo(TinyData.ZERO_ACCURACY, within(1e-12));
            assertThat(zero.loss()).isCloseTo(TinyData.ZERO_LOSS, within(1e-6));
            assertThat(zero.examples()).isEqualTo(3);
            assertThat(zero.round()).isZero();
            assertThat(zero.modelId()).isEqualTo("m");

            EvaluationResult identity =
                    scorer.evaluate(TinyData.model("m", 1, TinyData.IDENTITY, true));
            assertThat(identity.accuracy()).isEqualTo(1.0);
            assertThat(identity.loss()).isCloseTo(TinyData.IDENTITY_LOSS, within(1e-6));
            assertThat(identity.trainingComplete()).isTrue();

            EvaluationResult swapped =
                    scorer.evaluate(TinyData.model("m", 2, TinyData.SWAPPED, false));
            assertThat(swapped.accuracy()).isZero();
            assertThat(swapped.loss()).isCloseTo(TinyData.SWAPPED_LOSS, within(1e-6));
        }
    }

    @Test
    void aModelWithANonFiniteParameterHasLossNaNAndSaysSo() {
        // The NaN is in the bias of class 1, so every logit vector holds a NaN.
        float[] params = TinyData.IDENTITY.clone();
        params[5] = Float.NaN;
        try (TestSetEvaluator scorer = new TestSetEvaluator(TinyData.testSet(), 1)) {
            EvaluationResult r = scorer.evaluate(TinyData.model("m", 4, params, false));

            assertThat(r.nonFiniteParameters()).isOne();
            assertThat(r.loss()).isNaN();
            assertThat(r.summaryLine()).endsWith("loss NaN (non-finite model: 1 parameters)");
        }
    }

    @Test
    void aFiniteModelWithHugeEqualLogitsScoresTheUniformGuessNotZero() {
        // W = 0, b = (-3e26, -3e26): every example has two equal logits, loss ln 2 (was 0.0000
        // before the cross-entropy stopped absorbing ln 2 into the logit).
        float[] params = {0, 0, 0, 0, -3e26f, -3e26f};
        try (TestSetEvaluator scorer = new TestSetEvaluator(TinyData.testSet(), 1)) {
            EvaluationResult r = scorer.evaluate(TinyData.model("m", 5, params, false));

            assertThat(r.nonFiniteParameters()).isZero();
            assertThat(r.loss()).isCloseTo(Math.log(2), within(1e-12));
        }
    }

    @Test
    void aModelWhoseLogitsOverflowHasANonFiniteLoss() {
        // W = [[3e38, 3e38], [0, 0]], b = (3e38, 3e38): x0 = [1, 0] gives logits +inf, +inf.
        float[] params = {3e38f, 3e38f, 0, 0, 3e38f, 3e38f};
        try (TestSetEvaluator scorer = new TestSetEvaluator(TinyData.testSet(), 1)) {
            EvaluationResult r = scorer.evaluate(TinyData.model("m", 6, params, false));

            assertThat(r.nonFiniteParameters()).isZero();
            assertThat(r.loss()).isNaN();
            assertThat(r.summaryLine()).contains("loss NaN (non-finite loss");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void splittingAcrossThreadsGivesTheSingleRangeResult(int threads) {
        // 1,001 random examples (not divisible by the thread counts) of a random mlp:16-8-4.
        Random random = new Random(11);
        int n = 1_001;
        byte[] features = new byte[n * 16];
        byte[] labels = new byte[n];
        random.nextBytes(features);
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) random.nextInt(4);
        }
        Dataset data = new Dataset(features, labels, 16, 4);
        ModelSpec spec = ModelSpec.parse("mlp:16-8-4");
        float[] params = spec.initialParameters(5);
        Evaluation expected = new ReferenceModel(spec, params).evaluate(data, 0, n);

        try (TestSetEvaluator scorer = new TestSetEvaluator(data, threads)) {
            Evaluation actual = scorer.evaluate(spec, params);
            assertThat(actual.examples()).isEqualTo(n);
            assertThat(actual.correct()).isEqualTo(expected.correct());
            assertThat(actual.lossSum())
                    .isCloseTo(expected.lossSum(), within(1e-9 * expected.lossSum()));
        }
    }

    @Test
    void refusesTensorShapesThatDoNotMatchTheSpec() {
        GlobalModel model = TinyData.model("m", 0, TinyData.ZERO, false);
        model.setParameters(TensorCodec.dense(new float[6], List.of(new int[] {6})));
        try (TestSetEvaluator scorer = new TestSetEvaluator(TinyData.testSet(), 1)) {
            assertThatThrownBy(() -> scorer.evaluate(model))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[[6]]")
                    .hasMessageContaining("[[2, 2], [2]]");
        }
    }

    @Test
    void refusesAModelWithAnotherInputSize() {
        try (TestSetEvaluator scorer = new TestSetEvaluator(TinyData.testSet(), 1)) {
            ModelSpec spec = ModelSpec.parse("logreg:3-2");
            assertThatThrownBy(() -> scorer.evaluate(spec, new float[spec.numParameters()]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3 inputs")
                    .hasMessageContaining("dim 2");
        }
    }

    @Test
    void refusesAModelWithAnotherClassCount() {
        try (TestSetEvaluator scorer = new TestSetEvaluator(TinyData.testSet(), 1)) {
            ModelSpec spec = ModelSpec.parse("logreg:2-3");
            assertThatThrownBy(() -> scorer.evaluate(spec, new float[spec.numParameters()]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3 classes")
                    .hasMessageContaining("test set 2");
        }
    }

    @Test
    void refusesAnUnknownTensorEncoding() {
        GlobalModel model = TinyData.model("m", 0, TinyData.ZERO, false);
        model.getParameters().setEncoding(TensorEncoding.UNKNOWN);
        try (TestSetEvaluator scorer = new TestSetEvaluator(TinyData.testSet(), 1)) {
            assertThatThrownBy(() -> scorer.evaluate(model))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("UNKNOWN");
        }
    }

    @Test
    void refusesZeroThreads() {
        assertThatThrownBy(() -> new TestSetEvaluator(TinyData.testSet(), 0))
                .hasMessageContaining("threads 0");
    }
}
