package io.fedstream.evaluator;

import java.util.Locale;

/**
 * The test-set score of one global-model version.
 *
 * @param modelId the model id
 * @param round the global model's version, which equals the round that produced it
 * @param accuracy fraction of test examples whose argmax logit is the label
 * @param loss mean softmax cross-entropy over the test examples; NaN for a model with a non-finite
 *     parameter, and NaN or ∞ when the model's logits overflow
 * @param examples how many test examples were scored
 * @param trainingComplete whether the job marked this version as its last
 * @param evaluationMillis wall time of the evaluation alone
 * @param nonFiniteParameters how many of the model's parameters are NaN or infinite
 */
public record EvaluationResult(
        String modelId,
        long round,
        double accuracy,
        double loss,
        long examples,
        boolean trainingComplete,
        long evaluationMillis,
        long nonFiniteParameters) {

    /** The score of a model whose parameters are all finite. */
    public EvaluationResult(
            String modelId,
            long round,
            double accuracy,
            double loss,
            long examples,
            boolean trainingComplete,
            long evaluationMillis) {
        this(modelId, round, accuracy, loss, examples, trainingComplete, evaluationMillis, 0);
    }

    /**
     * {@code round N accuracy A loss L}, the line the evaluator logs for each version; a loss that
     * is not a number says why instead of printing as one.
     */
    public String summaryLine() {
        String line = String.format(Locale.ROOT, "round %d accuracy %.4f loss ", round, accuracy);
        if (nonFiniteParameters > 0) {
            return line + loss + " (non-finite model: " + nonFiniteParameters + " parameters)";
        }
        if (!Double.isFinite(loss)) {
            return line + loss + " (non-finite loss: the model's logits overflow)";
        }
        return line + String.format(Locale.ROOT, "%.4f", loss);
    }
}
