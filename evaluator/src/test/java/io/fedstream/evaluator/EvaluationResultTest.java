package io.fedstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvaluationResultTest {

    @Test
    void summaryLineHasRoundAccuracyAndLossWithFourDecimals() {
        assertThat(new EvaluationResult("m", 7, 0.85314, 0.41236, 10_000, false, 12).summaryLine())
                .isEqualTo("round 7 accuracy 0.8531 loss 0.4124");
    }
}
