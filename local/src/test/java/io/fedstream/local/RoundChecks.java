package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.contract.TensorCodec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Independent recomputation of FedAvg from the update log, for the end-to-end tests. */
final class RoundChecks {
    private RoundChecks() {}

    /**
     * Asserts that {@code next} equals {@code previous} plus the num_samples-weighted mean of the
     * deltas of {@code round} in {@code log} (first update per client, in log order), within 1e-6.
     *
     * @return the number of updates that went into the mean
     */
    static int assertWeightedMean(
            List<ModelUpdate> log, long round, GlobalModel previous, GlobalModel next) {
        float[] before = TensorCodec.values(previous.getParameters());
        float[] after = TensorCodec.values(next.getParameters());
        double[] sum = new double[before.length];
        double weight = 0;
        Set<String> seen = new HashSet<>();
        for (ModelUpdate u : log) {
            if (u.getRound() != round
                    || u.getBaseVersion() != round - 1
                    || !seen.add(u.getClientId())) {
                continue;
            }
            float[] delta = TensorCodec.values(u.getDelta());
            for (int i = 0; i < delta.length; i++) {
                sum[i] += u.getNumSamples() * (double) delta[i];
            }
            weight += u.getNumSamples();
        }
        double maxError = 0;
        for (int i = 0; i < after.length; i++) {
            double expected = before[i] + (weight == 0 ? 0 : sum[i] / weight);
            maxError = Math.max(maxError, Math.abs(after[i] - expected));
        }
        assertThat(maxError).as("max |published - expected| in round %d", round).isLessThan(1e-6);
        assertThat(next.getTotalSamples())
                .as("total samples of round %d", round)
                .isEqualTo((long) weight);
        return seen.size();
    }
}
