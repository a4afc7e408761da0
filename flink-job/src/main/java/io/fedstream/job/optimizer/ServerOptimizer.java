package io.fedstream.job.optimizer;

/**
 * The server's update of the global model from a round's delta, which it treats as a
 * pseudo-gradient: Reddi et al. 2021, "Adaptive Federated Optimization" (ICLR), Algorithm 1
 * (FedOpt) with SGD, SGD with momentum, Adagrad, Adam or Yogi as ServerOpt. The delta is whatever
 * the round released (the aggregation rule's output, plus DP noise when DP is on), in the direction
 * of improvement ({@code client model - global model}), so every step adds to the model.
 *
 * <p>Implementations are plain Java and keep no state of their own: what must survive between
 * rounds (momentum, second moments) lives in a {@link ServerOptimizerState} the caller keeps per
 * model, checkpointed.
 */
public interface ServerOptimizer {

    /** The flag value of this optimizer, recorded in the states it creates. */
    String name();

    /** Whether {@link #step} reads and writes a state (false for plain FedAvg). */
    boolean stateful();

    /** The state before the first round, for a model of {@code dimension} parameters. */
    ServerOptimizerState initialState(int dimension);

    /**
     * Whether {@code state} was created by this optimizer (the same name), so that a savepoint
     * restored under another {@code --server-optimizer} can be detected.
     */
    default boolean owns(ServerOptimizerState state) {
        return state != null && name().equals(state.optimizer);
    }

    /**
     * The step s to add to the global model ({@code x[i] += s[i]}) for the round's {@code delta},
     * updating {@code state} in place. {@code delta} is not modified.
     *
     * @param state the state of this model, from {@link #initialState}; ignored when not {@link
     *     #stateful()}
     * @throws IllegalArgumentException if the state belongs to another optimizer or its dimension
     *     differs from the delta's
     */
    float[] step(float[] delta, ServerOptimizerState state);
}
