package io.fedstream.edge.pipeline;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * What a simulation changes about one client, without the client knowing why: the labels it trains
 * on, the stages inserted into its {@link UpdatePipeline} right after training (before local DP and
 * compression), and the sample count its heartbeats claim. A real device runs {@link #standard()};
 * the simulated fleet builds the others (see {@code io.fedstream.edge.attack}).
 *
 * @param labels the label trained on, given the spec's number of classes
 * @param afterTraining stages between training and local DP, in order
 * @param claimedSamples the heartbeat's num_samples, given the local dataset's size
 */
public record ClientBehaviour(
        IntFunction<IntUnaryOperator> labels,
        List<UpdateStage> afterTraining,
        LongUnaryOperator claimedSamples) {

    public ClientBehaviour {
        afterTraining = List.copyOf(afterTraining);
    }

    /** Honest training on the true labels, nothing inserted, the true sample count. */
    public static ClientBehaviour standard() {
        return new ClientBehaviour(
                numClasses -> IntUnaryOperator.identity(), List.of(), LongUnaryOperator.identity());
    }
}
