package io.fedstream.edge.train;

/**
 * The outcome of one client's local training.
 *
 * @param delta local parameters minus the global parameters training started from, in the flat
 *     layout of {@link io.fedstream.model.ModelSpec}
 * @param loss mean cross-entropy over the examples of the last epoch, each measured on the batch
 *     forward pass just before that batch's update
 * @param numSamples local training examples (the FedAvg weight)
 * @param timeMs wall-clock time of the training, copying data in and out included
 */
public record TrainingResult(float[] delta, double loss, long numSamples, long timeMs) {}
