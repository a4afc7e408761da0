package io.fedstream.job.round;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.WireCodec;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.metrics.ServerRoundMetrics;
import io.fedstream.job.optimizer.ServerOptimizer;
import io.fedstream.job.optimizer.ServerOptimizerState;
import io.fedstream.job.optimizer.ServerOptimizers;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.RoundSummary;
import io.fedstream.model.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a closed round into the records the job publishes together in one transaction: the new
 * {@link GlobalModel}, the next {@link RoundTask} (unless training is complete) and the server's
 * {@link RoundMetrics}. The round's delta moves the model through the server optimizer ({@code
 * --server-optimizer}); this is the one place the model changes, after the aggregation rule and the
 * DP noise.
 */
public final class ModelRelease {
    private final JobConfig config;
    private final ModelSpec spec;
    private final ServerOptimizer optimizer;
    private final WireCodec<GlobalModel> modelCodec = Codecs.globalModel();
    private final WireCodec<RoundTask> taskCodec = Codecs.roundTask();
    private final WireCodec<RoundMetrics> metricsCodec = Codecs.roundMetrics();

    public ModelRelease(JobConfig config) {
        this.config = config;
        this.spec = config.modelSpec();
        this.optimizer = ServerOptimizers.of(config);
    }

    /** The server optimizer the release applies deltas with. */
    public ServerOptimizer optimizer() {
        return optimizer;
    }

    /** The seeded initial parameters (version 0 before its zero delta is applied). */
    public float[] initialParameters() {
        return spec.initialParameters(config.get(RoundOptions.SEED));
    }

    /**
     * Applies {@code delta} to {@code params} in place through the server optimizer and returns the
     * records to publish. The bootstrap round 0 carries no update: its (zero) delta is added as it
     * is and the optimizer's state is left alone.
     *
     * @param state this model's optimizer state, updated in place; unused (may be null) when the
     *     optimizer is not {@link ServerOptimizer#stateful()} or for round 0
     * @param now processing time of the release
     */
    public List<OutboundRecord> release(
            float[] params, float[] delta, ServerOptimizerState state, RoundSummary s, long now) {
        double previousNorm = ServerRoundMetrics.norm(params);
        float[] step = s.round == 0 ? delta : optimizer.step(delta, state);
        for (int i = 0; i < params.length; i++) {
            params[i] += step[i];
        }
        byte[] key = s.modelId.getBytes(StandardCharsets.UTF_8);
        List<OutboundRecord> out = new ArrayList<>(3);

        GlobalModel model =
                GlobalModel.newBuilder()
                        .setModelId(s.modelId)
                        .setVersion(s.round)
                        .setModelSpec(spec.toString())
                        .setParameters(TensorCodec.dense(params, spec.shapes()))
                        .setCreatedAt(Instant.ofEpochMilli(now))
                        .setTrainingComplete(s.finalRound)
                        .setParticipants(s.participants)
                        .setTotalSamples(s.totalSamples)
                        .setTrainLoss(s.trainLoss())
                        .build();
        byte[] modelBytes = modelCodec.encode(model);
        out.add(new OutboundRecord(config.get(KafkaOptions.TOPIC_GLOBAL_MODEL), key, modelBytes));

        if (!s.finalRound) {
            RoundTask task =
                    RoundTask.newBuilder()
                            .setModelId(s.modelId)
                            .setRound(s.round + 1)
                            .setModelVersion(s.round)
                            .setSelectedClients(Arrays.asList(s.nextSelected))
                            .setDeadline(Instant.ofEpochMilli(s.nextDeadline))
                            .setHyperparameters(
                                    Hyperparameters.newBuilder()
                                            .setLocalEpochs(config.get(RoundOptions.LOCAL_EPOCHS))
                                            .setLearningRate(config.get(RoundOptions.LEARNING_RATE))
                                            .setBatchSize(config.get(RoundOptions.BATCH_SIZE))
                                            .setProximalMu(config.get(RoundOptions.FEDPROX_MU))
                                            .build())
                            .setCreatedAt(Instant.ofEpochMilli(now))
                            .build();
            out.add(
                    new OutboundRecord(
                            config.get(KafkaOptions.TOPIC_ROUND_TASKS),
                            key,
                            taskCodec.encode(task)));
        }

        RoundMetrics metrics =
                ServerRoundMetrics.of(
                        s,
                        (long) key.length + modelBytes.length,
                        previousNorm,
                        ServerRoundMetrics.norm(step),
                        now);
        out.add(
                new OutboundRecord(
                        config.get(KafkaOptions.TOPIC_METRICS), key, metricsCodec.encode(metrics)));
        return out;
    }
}
