package io.fedstream.cluster;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.contract.TensorCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * One federation on a shared cluster: its own model id, topics ({@code NAME.updates}, ...) and
 * transactional ids, so that tests on one cluster cannot see each other's records.
 */
record Federation(String name) {
    String topic(String kind) {
        return name + "." + kind;
    }

    /** Job flags that route the job to this federation's topics, then {@code more}. */
    List<String> jobFlags(String... more) {
        List<String> flags = new ArrayList<>();
        flags.addAll(List.of("--model-id", name, "--transactional-id-prefix", name));
        for (String kind :
                List.of("updates", "heartbeats", "round-tasks", "global-model", "metrics")) {
            flags.addAll(List.of("--topic-" + kind, topic(kind)));
        }
        flags.addAll(List.of("--topic-dead-letter", topic("dead-letter")));
        flags.addAll(List.of(more));
        return flags;
    }

    /** Edge-producer flags for this federation's topics and model, then {@code more}. */
    List<String> edgeFlags(String... more) {
        List<String> flags =
                new ArrayList<>(List.of("--topic-prefix", name + ".", "--model-id", name));
        flags.addAll(List.of(more));
        return flags;
    }

    /**
     * The largest |published - expected| over the parameters of {@code version}, where expected is
     * FedAvg recomputed here: version - 1 plus the num_samples-weighted mean of the deltas of the
     * updates for round {@code version} found on the update topic. An update lost or counted twice
     * moves the expected model by about a third of a delta, far above float rounding.
     */
    static double aggregationError(
            List<GlobalModel> models, List<ModelUpdate> updates, long version) {
        float[] previous = TensorCodec.values(models.get((int) version - 1).getParameters());
        float[] actual = TensorCodec.values(models.get((int) version).getParameters());
        double[] sum = new double[previous.length];
        double weight = 0;
        for (ModelUpdate u : updates) {
            if (u.getRound() != version) {
                continue;
            }
            float[] delta = TensorCodec.values(u.getDelta());
            for (int i = 0; i < delta.length; i++) {
                sum[i] += u.getNumSamples() * (double) delta[i];
            }
            weight += u.getNumSamples();
        }
        if (weight == 0) {
            throw new AssertionError("no update for round " + version + " on the update topic");
        }
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - (previous[i] + sum[i] / weight)));
        }
        return max;
    }

    /** The largest |a - b| over the parameters of two models. */
    static double maxDifference(GlobalModel a, GlobalModel b) {
        float[] x = TensorCodec.values(a.getParameters());
        float[] y = TensorCodec.values(b.getParameters());
        if (x.length != y.length) {
            throw new AssertionError("parameter counts " + x.length + " vs " + y.length);
        }
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }
}
