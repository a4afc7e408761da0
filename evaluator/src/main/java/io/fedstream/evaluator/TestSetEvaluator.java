package io.fedstream.evaluator;

import io.fedstream.avro.GlobalModel;
import io.fedstream.contract.TensorCodec;
import io.fedstream.data.Dataset;
import io.fedstream.model.ModelSpec;
import io.fedstream.model.ReferenceModel;
import io.fedstream.model.ReferenceModel.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scores parameter vectors on a fixed test set with {@link ReferenceModel}, splitting the examples
 * into one contiguous range per thread and merging the partial {@link Evaluation}s in range order
 * (so the loss sum, and the result, do not depend on thread timing).
 */
public final class TestSetEvaluator implements AutoCloseable {
    private final Dataset testSet;
    private final int threads;
    private final ExecutorService pool;

    /** {@code threads} workers; with 1 the calling thread does the work. */
    public TestSetEvaluator(Dataset testSet, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be >= 1");
        }
        this.testSet = testSet;
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.pool =
                threads == 1
                        ? null
                        : Executors.newFixedThreadPool(
                                threads,
                                r -> {
                                    Thread t = new Thread(r, "evaluator-" + n.incrementAndGet());
                                    t.setDaemon(true);
                                    return t;
                                });
    }

    /** Number of test examples. */
    public int size() {
        return testSet.size();
    }

    /**
     * Scores one global model. A model with a non-finite parameter gets the loss NaN whatever the
     * examples give (and its count in {@link EvaluationResult#nonFiniteParameters()}).
     *
     * @throws IllegalArgumentException if its spec does not parse, does not fit the test set, or
     *     does not match the tensor's shapes or encoding
     */
    public EvaluationResult evaluate(GlobalModel model) {
        long start = System.nanoTime();
        ModelSpec spec = ModelSpec.parse(model.getModelSpec());
        if (!spec.matchesShapes(model.getParameters().getShapes())) {
            throw new IllegalArgumentException(
                    "tensor shapes "
                            + model.getParameters().getShapes()
                            + " vs model spec "
                            + spec
                            + " shapes "
                            + TensorCodec.toAvroShapes(spec.shapes()));
        }
        float[] params = TensorCodec.values(model.getParameters());
        long nonFinite = 0;
        for (float p : params) {
            if (!Float.isFinite(p)) {
                nonFinite++;
            }
        }
        Evaluation e = evaluate(spec, params);
        return new EvaluationResult(
                model.getModelId(),
                model.getVersion(),
                e.accuracy(),
                // A NaN parameter the test set never reaches (a weight of an always-zero pixel)
                // could leave the loss finite; the model is broken all the same.
                nonFinite > 0 ? Double.NaN : e.meanLoss(),
                e.examples(),
                model.getTrainingComplete(),
                (System.nanoTime() - start) / 1_000_000,
                nonFinite);
    }

    /** Scores {@code params} laid out as {@code spec} says, over the whole test set. */
    public Evaluation evaluate(ModelSpec spec, float[] params) {
        if (spec.inputSize() != testSet.dim()) {
            throw new IllegalArgumentException(
                    "model "
                            + spec
                            + " takes "
                            + spec.inputSize()
                            + " inputs vs test set dim "
                            + testSet.dim());
        }
        if (spec.numClasses() != testSet.numClasses()) {
            throw new IllegalArgumentException(
                    "model "
                            + spec
                            + " has "
                            + spec.numClasses()
                            + " classes vs test set "
                            + testSet.numClasses());
        }
        ReferenceModel model = new ReferenceModel(spec, params);
        int n = testSet.size();
        if (pool == null || n < threads) {
            return model.evaluate(testSet, 0, n);
        }
        List<Future<Evaluation>> parts = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) n * t / threads);
            int to = (int) ((long) n * (t + 1) / threads);
            parts.add(pool.submit(() -> model.evaluate(testSet, from, to)));
        }
        Evaluation total = new Evaluation(0, 0, 0);
        try {
            for (Future<Evaluation> part : parts) {
                total = total.plus(part.get());
            }
        } catch (InterruptedException e) {
            parts.forEach(p -> p.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating " + spec, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "evaluating " + spec + " failed: " + e.getCause(), e.getCause());
        }
        return total;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
