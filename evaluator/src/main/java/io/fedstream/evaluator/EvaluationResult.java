package io.fedstream.evaluator;

import java.util.Locale;

/**
 * The test-set score of one global-model version.
 *
 * @param modelId the model id
 * @param round the global model's version, which equals the round that produced it
 * @param accuracy fraction of test examples whose argmax logit is the label
 * @param loss mean softmax cross-entropy over the test examples
 * @param examples how many test examples were scored
 * @param trainingComplete whether the job marked this version as its last
 * @param evaluationMillis wall time of the evaluation alone
 */
public record EvaluationResult(
        String modelId,
        long round,
        double accuracy,
        double loss,
        long examples,
        boolean trainingComplete,
        long evaluationMillis) {

    /** {@code round N accuracy A loss L}, the line the evaluator logs for each version. */
    public String summaryLine() {
        return String.format(
                Locale.ROOT, "round %d accuracy %.4f loss %.4f", round, accuracy, loss);
    }
}
