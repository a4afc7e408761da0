package io.fedstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvaluationResultTest {

    @Test
    void summaryLineHasRoundAccuracyAndLossWithFourDecimals() {
        assertThat(new EvaluationResult("m", 7, 0.85314, 0.41236, 10_000, false, 12).summaryLine())
                .isEqualTo("round 7 accuracy 0.8531 loss 0.4124");
    }

    @Test
    void aNonFiniteModelOrLossIsReportedAsSuchNotAsANumber() {
        assertThat(
                        new EvaluationResult("m", 3, 0.1, Double.NaN, 10_000, false, 12, 5)
                                .summaryLine())
                .isEqualTo("round 3 accuracy 0.1000 loss NaN (non-finite model: 5 parameters)");
        assertThat(new EvaluationResult("m", 3, 0.1, Double.NaN, 10_000, false, 12).summaryLine())
                .isEqualTo(
                        "round 3 accuracy 0.1000 loss NaN (non-finite loss: the model's logits"
                                + " overflow)");
        assertThat(
                        new EvaluationResult(
                                        "m", 3, 0.1, Double.POSITIVE_INFINITY, 10_000, false, 12)
                                .summaryLine())
                .endsWith("loss Infinity (non-finite loss: the model's logits overflow)");
    }
}
