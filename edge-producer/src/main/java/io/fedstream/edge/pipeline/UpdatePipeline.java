package io.fedstream.edge.pipeline;

import io.fedstream.avro.ModelUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's update path, as named stages: {@link TrainStage}, then the {@link UpdateStage}s in
 * order (on a device: local DP, then compression; a simulated fleet inserts its attack stage right
 * after training), then {@link EncodeStage} and {@link PublishStage}. No Kafka here: the client's
 * poll loop calls {@link #run} when it is selected for a round.
 *
 * <p>Not thread-safe: one run at a time per client (the client trains one round at a time).
 */
public final class UpdatePipeline {
    private static final Logger LOG = LoggerFactory.getLogger(UpdatePipeline.class);

    private final String clientId;
    private final TrainStage train;
    private final List<UpdateStage> stages;
    private final EncodeStage encode;
    private final PublishStage publish;

    /**
     * @param stages what runs between training and encoding, in order
     */
    public UpdatePipeline(
            String clientId,
            TrainStage train,
            List<UpdateStage> stages,
            EncodeStage encode,
            PublishStage publish) {
        this.clientId = clientId;
        this.train = train;
        this.stages = List.copyOf(stages);
        this.encode = encode;
        this.publish = publish;
    }

    /** The names of all stages, in the order an update passes them. */
    public List<String> stageNames() {
        List<String> names = new ArrayList<>();
        names.add(train.name());
        stages.forEach(s -> names.add(s.name()));
        names.add(encode.name());
        names.add(publish.name());
        return names;
    }

    /**
     * Answers {@code work}. Runs on the calling thread up to a stage that waits; the rest runs on
     * the thread that completes that stage.
     *
     * @return the update sent; empty if a stage refused the round before training (logged here),
     *     dropped the update, or the client was closing. Completes exceptionally with a {@link
     *     StageFailure} naming the stage that failed.
     */
    public CompletableFuture<Optional<ModelUpdate>> run(RoundWork work) {
        for (UpdateStage stage : stages) {
            Optional<String> refusal = stage.refusal(work);
            if (refusal.isPresent()) {
                LOG.warn("{}: not answering round {}: {}", clientId, work.round(), refusal.get());
                return CompletableFuture.completedFuture(Optional.empty());
            }
        }
        CompletableFuture<Optional<LocalUpdate>> flow;
        try {
            flow = UpdateStage.pass(named(train.name(), work, () -> train.apply(work)));
        } catch (StageFailure e) {
            return CompletableFuture.failedFuture(e);
        }
        for (UpdateStage stage : stages) {
            flow =
                    flow.thenCompose(
                            u -> u.isPresent() ? apply(stage, u.get()) : UpdateStage.drop());
        }
        return flow.thenApply(u -> u.flatMap(this::encodeAndPublish));
    }

    private static CompletableFuture<Optional<LocalUpdate>> apply(
            UpdateStage stage, LocalUpdate update) {
        RoundWork work = update.work();
        try {
            return stage.apply(update)
                    .exceptionallyCompose(
                            e ->
                                    CompletableFuture.failedFuture(
                                            new StageFailure(stage.name(), work, unwrap(e))));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new StageFailure(stage.name(), work, e));
        }
    }

    private Optional<ModelUpdate> encodeAndPublish(LocalUpdate update) {
        ModelUpdate message = named(encode.name(), update.work(), () -> encode.apply(update));
        boolean sent = named(publish.name(), update.work(), () -> publish.apply(update, message));
        return sent ? Optional.of(message) : Optional.empty();
    }

    private static <T> T named(String stage, RoundWork work, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw new StageFailure(stage, work, e);
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** A stage threw or completed exceptionally; the message names the stage and the round. */
    public static final class StageFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String stage;

        StageFailure(String stage, RoundWork work, Throwable cause) {
            super("round " + work.round() + " failed in stage " + stage + ": " + cause, cause);
            this.stage = stage;
        }

        /** The name of the stage that failed. */
        public String stage() {
            return stage;
        }
    }
}
