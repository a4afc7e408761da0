package io.fedstream.edge.pipeline;

import io.fedstream.data.Dataset;
import io.fedstream.edge.Seeds;
import io.fedstream.edge.train.Nd4jTrainer;
import io.fedstream.edge.train.TrainingResult;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * The first stage of an {@link UpdatePipeline}: local training of the round's global model on the
 * client's own data with {@link Nd4jTrainer}. The shuffling seed of round {@code r} is {@code
 * Seeds.derive(seed, r)}, so an update is reproducible from (client seed, round) alone.
 *
 * <p>Not thread-safe: one per client, used by one training at a time (the trainer is kept while the
 * architecture stays the same).
 */
public final class TrainStage {
    private final Dataset localData;
    private final long seed;
    private final IntFunction<IntUnaryOperator> labels;
    private Nd4jTrainer trainer;

    /** Trains on the labels as they are. */
    public TrainStage(Dataset localData, long seed) {
        this(localData, seed, numClasses -> IntUnaryOperator.identity());
    }

    /**
     * @param labels the label each example is trained on, given the spec's number of classes:
     *     identity on a real device; a simulated label-flipping client poisons its data here
     */
    public TrainStage(Dataset localData, long seed, IntFunction<IntUnaryOperator> labels) {
        this.localData = localData;
        this.seed = seed;
        this.labels = labels;
    }

    public String name() {
        return "train";
    }

    /** Trains from {@code work}'s parameters with its hyperparameters (FedProx's μ included). */
    public LocalUpdate apply(RoundWork work) {
        if (trainer == null || !trainer.spec().equals(work.spec())) {
            trainer = new Nd4jTrainer(work.spec());
        }
        TrainingResult result =
                trainer.train(
                        work.parameters(),
                        localData,
                        work.localEpochs(),
                        work.learningRate(),
                        work.batchSize(),
                        work.proximalMu(),
                        Seeds.derive(seed, work.round()),
                        labels.apply(work.spec().numClasses()));
        return LocalUpdate.trained(work, result);
    }
}
