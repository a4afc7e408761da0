package io.fedstream.job.aggregation.rules;

/**
 * An aggregation rule for one round: n client updates of equal length d in, one vector of length d
 * out. Implementations are plain Java, stateless between calls and safe to share between threads.
 *
 * <p>Inputs are never modified. Values must be finite (the job's {@code UpdateValidator} rejects
 * NaN and infinity before aggregation). Weights are the clients' sample counts; only rules whose
 * paper defines a weighted form use them (FedAvg, geometric median). The others ignore them on
 * purpose: a Byzantine client can inflate its sample count.
 *
 * <p>Every rule states in its Javadoc the smallest round it accepts; below {@link #minUpdates()} it
 * throws {@link RoundTooSmallException}, whose message names n and the rule's f (or β).
 */
public interface RobustRule {

    /** A short stable identifier, e.g. {@code "krum"}, usable as an option value. */
    String name();

    /** The smallest number of updates this configured rule accepts. */
    int minUpdates();

    /**
     * Aggregates one round.
     *
     * @param updates n updates, each of length d (n ≥ {@link #minUpdates()})
     * @param weights n positive weights, or {@code null} for equal weights
     * @return a new vector of length d
     * @throws RoundTooSmallException if n &lt; {@link #minUpdates()}
     * @throws IllegalArgumentException if lengths or weights are inconsistent
     */
    float[] aggregate(float[][] updates, double[] weights);

    /**
     * Aggregates one round given the previous round's aggregate. Only rules that centre on history
     * (centered clipping) use {@code previous}; the default ignores it.
     *
     * @param previous the last aggregate (same length d), or {@code null} for none
     */
    default float[] aggregate(float[][] updates, double[] weights, float[] previous) {
        return aggregate(updates, weights);
    }
}
