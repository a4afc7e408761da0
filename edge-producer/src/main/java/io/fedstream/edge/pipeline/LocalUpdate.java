package io.fedstream.edge.pipeline;

import io.fedstream.avro.Tensor;
import io.fedstream.edge.train.TrainingResult;

/**
 * One client's answer to a round on its way through the {@link UpdatePipeline}: what training
 * produced, as the stages after it have changed it so far. Immutable; a stage returns a changed
 * copy.
 *
 * @param work the round answered and the model trained from
 * @param delta the update as the next stage sees it (after training, a simulated attack or local
 *     DP)
 * @param numSamples the sample count the update claims (its FedAvg weight)
 * @param loss the training loss of the last local epoch
 * @param timeMs wall-clock time of the local training
 * @param wire the delta as encoded for the wire by {@link CompressStage}; null before it
 * @param note why a stage made this update differ from honest training, for the log; null for an
 *     honest update. The simulated fleet's attack stage sets it, so that the log shows every
 *     malicious update and who sent it
 */
public record LocalUpdate(
        RoundWork work,
        float[] delta,
        long numSamples,
        double loss,
        long timeMs,
        Tensor wire,
        String note) {

    /** The update as training left it. */
    public static LocalUpdate trained(RoundWork work, TrainingResult result) {
        return new LocalUpdate(
                work,
                result.delta(),
                result.numSamples(),
                result.loss(),
                result.timeMs(),
                null,
                null);
    }

    public LocalUpdate withDelta(float[] v) {
        return new LocalUpdate(work, v, numSamples, loss, timeMs, wire, note);
    }

    public LocalUpdate withNumSamples(long v) {
        return new LocalUpdate(work, delta, v, loss, timeMs, wire, note);
    }

    public LocalUpdate withWire(Tensor v) {
        return new LocalUpdate(work, delta, numSamples, loss, timeMs, v, note);
    }

    public LocalUpdate withNote(String v) {
        return new LocalUpdate(work, delta, numSamples, loss, timeMs, wire, v);
    }
}
