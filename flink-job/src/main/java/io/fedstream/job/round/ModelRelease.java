package io.fedstream.job.round;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.ReasonCode;
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
import io.fedstream.job.safety.RecentValues;
import io.fedstream.job.safety.ReleaseCheck;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.RawRecord;
import io.fedstream.job.types.Rejection;
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
 *
 * <p>The candidate model passes the {@link ReleaseCheck} first. A refused candidate (a non-finite
 * parameter, an exploding step) is never published: the version is published with the previous
 * parameters, so versions keep equal to rounds and the next round trains from the model that stays
 * current; the optimizer state is not advanced, the RoundMetrics say why ({@code release_refused},
 * a {@code RELEASE_REFUSED} count) and a dead letter carries the refused candidate's size, hash and
 * first bytes.
 */
public final class ModelRelease {
    private final JobConfig config;
    private final ModelSpec spec;
    private final ServerOptimizer optimizer;
    private final ReleaseCheck check;
    private final DeadLetters deadLetters;
    private final WireCodec<GlobalModel> modelCodec = Codecs.globalModel();
    private final WireCodec<RoundTask> taskCodec = Codecs.roundTask();
    private final WireCodec<RoundMetrics> metricsCodec = Codecs.roundMetrics();
    private final ReleaseSigning signing;

    /** A release of unsigned records naming the selected clients by id (client-auth off). */
    public ModelRelease(JobConfig config) {
        this(config, null);
    }

    /**
     * @param signing the job's identity: with it every record carries its run id and signature and
     *     round tasks name the selected clients by tags; null for client-auth off
     */
    public ModelRelease(JobConfig config, ReleaseSigning signing) {
        this.config = config;
        this.signing = signing;
        this.spec = config.modelSpec();
        this.optimizer = ServerOptimizers.of(config);
        this.check = ReleaseCheck.of(config);
        this.deadLetters = new DeadLetters(config.get(KafkaOptions.TOPIC_DEAD_LETTER));
    }

    /** The release check, for sizing the caller's record of released steps. */
    public ReleaseCheck check() {
        return check;
    }

    /**
     * What releasing a round gives.
     *
     * @param records what to publish, in one transaction
     * @param parameters the model now current: the candidate, or the unchanged previous one
     * @param state the optimizer state to keep (advanced only if the candidate was published)
     * @param refusal why the candidate was refused, or null if it was published
     */
    public record Released(
            List<OutboundRecord> records,
            float[] parameters,
            ServerOptimizerState state,
            String refusal) {}

    /** The server optimizer the release applies deltas with. */
    public ServerOptimizer optimizer() {
        return optimizer;
    }

    /** The seeded initial parameters (version 0 before its zero delta is applied). */
    public float[] initialParameters() {
        return spec.initialParameters(config.get(RoundOptions.SEED));
    }

    /**
     * Steps {@code params} by {@code delta} through the server optimizer into a candidate model,
     * checks it and returns the records to publish. The bootstrap round 0 carries no update: its
     * (zero) delta is added as it is and the optimizer's state is left alone. Neither {@code
     * params} nor {@code state} is modified; {@code steps} records the released step.
     *
     * @param state this model's optimizer state; unused (may be null) when the optimizer is not
     *     {@link ServerOptimizer#stateful()} or for round 0
     * @param steps the released step norms the check compares with, updated in place
     * @param now processing time of the release
     */
    public Released release(
            float[] params,
            float[] delta,
            ServerOptimizerState state,
            RecentValues steps,
            RoundSummary s,
            long now) {
        double previousNorm = ServerRoundMetrics.norm(params);
        ServerOptimizerState stepped =
                state == null || s.round == 0 || !optimizer.stateful() ? state : state.copy();
        float[] step = s.round == 0 ? delta : optimizer.step(delta, stepped);
        float[] candidate = params.clone();
        for (int i = 0; i < candidate.length; i++) {
            candidate[i] += step[i];
        }
        double stepNorm = ServerRoundMetrics.norm(step);
        String refusal = check.refusal(candidate, stepNorm, steps);
        if (refusal == null) {
            check.released(steps, stepNorm);
            return new Released(
                    records(candidate, s, previousNorm, stepNorm, null, now),
                    candidate,
                    stepped,
                    null);
        }
        String why =
                "version "
                        + s.round
                        + " of model "
                        + s.modelId
                        + " not published: "
                        + refusal
                        + "; it keeps the parameters of version "
                        + (s.round - 1);
        List<OutboundRecord> out = records(params, s, previousNorm, 0, why, now);
        out.add(refusedCandidate(candidate, s, why, now));
        return new Released(out, params, state, why);
    }

    /** A dead letter of the refused candidate: its size, SHA-256 and first bytes. */
    private OutboundRecord refusedCandidate(
            float[] candidate, RoundSummary s, String why, long now) {
        RawRecord raw = new RawRecord();
        raw.topic = config.get(KafkaOptions.TOPIC_GLOBAL_MODEL);
        raw.partition = -1;
        raw.offset = -1;
        raw.key = s.modelId.getBytes(StandardCharsets.UTF_8);
        raw.value = modelCodec.encode(model(candidate, s, now));
        return deadLetters.of(
                raw, new Rejection(ReasonCode.RELEASE_REFUSED, why, null, s.round), now);
    }

    private GlobalModel model(float[] params, RoundSummary s, long now) {
        return GlobalModel.newBuilder()
                .setModelId(s.modelId)
                .setVersion(s.round)
                .setModelSpec(spec.toString())
                .setParameters(TensorCodec.dense(params, spec.shapes()))
                .setCreatedAt(Instant.ofEpochMilli(now))
                .setTrainingComplete(s.finalRound)
                .setParticipants(s.participants)
                .setTotalSamples(s.totalSamples)
                .setTrainLoss(s.trainLoss())
                .setRunId(signing == null ? null : signing.runId())
                .build();
    }

    private List<OutboundRecord> records(
            float[] params,
            RoundSummary s,
            double previousNorm,
            double stepNorm,
            String refusal,
            long now) {
        byte[] key = s.modelId.getBytes(StandardCharsets.UTF_8);
        List<OutboundRecord> out = new ArrayList<>(4);

        GlobalModel model = model(params, s, now);
        byte[] modelBytes = modelCodec.encode(model);
        out.add(
                signed(
                        new OutboundRecord(
                                config.get(KafkaOptions.TOPIC_GLOBAL_MODEL), key, modelBytes),
                        "GlobalModel"));

        if (!s.finalRound) {
            RoundTask task =
                    RoundTask.newBuilder()
                            .setModelId(s.modelId)
                            .setRound(s.round + 1)
                            .setModelVersion(s.round)
                            .setSelectedClients(
                                    signing == null ? Arrays.asList(s.nextSelected) : List.of())
                            .setSelectionTags(
                                    signing == null
                                            ? List.of()
                                            : signing.selectionTags(
                                                    s.nextSelectedKeys, s.modelId, s.round + 1))
                            .setRunId(signing == null ? null : signing.runId())
                            .setDeadline(Instant.ofEpochMilli(s.nextDeadline))
                            .setHyperparameters(
                                    Hyperparameters.newBuilder()
                                            .setLocalEpochs(config.get(RoundOptions.LOCAL_EPOCHS))
                                            .setLearningRate(
                                                    ClientSchedule.learningRate(
                                                            config.get(RoundOptions.LEARNING_RATE),
                                                            config.get(
                                                                    RoundOptions
                                                                            .LEARNING_RATE_DECAY),
                                                            s.round + 1))
                                            .setBatchSize(config.get(RoundOptions.BATCH_SIZE))
                                            .setProximalMu(config.get(RoundOptions.FEDPROX_MU))
                                            .build())
                            .setCreatedAt(Instant.ofEpochMilli(now))
                            .build();
            out.add(
                    signed(
                            new OutboundRecord(
                                    config.get(KafkaOptions.TOPIC_ROUND_TASKS),
                                    key,
                                    taskCodec.encode(task)),
                            "RoundTask"));
        }

        RoundMetrics metrics =
                ServerRoundMetrics.of(
                        s,
                        (long) key.length + modelBytes.length,
                        previousNorm,
                        stepNorm,
                        refusal,
                        now);
        if (signing != null) {
            metrics.setRunId(signing.runId());
        }
        out.add(
                signed(
                        new OutboundRecord(
                                config.get(KafkaOptions.TOPIC_METRICS),
                                key,
                                metricsCodec.encode(metrics)),
                        "RoundMetrics"));
        return out;
    }

    private OutboundRecord signed(OutboundRecord record, String recordType) {
        return signing == null ? record : signing.sign(record, recordType);
    }
}
