package io.fedstream.edge.compress;

import io.fedstream.avro.Tensor;
import io.fedstream.contract.CompressedTensors;
import io.fedstream.contract.Q8;
import io.fedstream.contract.TensorCodec;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One client's update compression ({@link CompressionMode}), with error feedback for the top-k
 * modes (Stich, Cordonnier and Jaggi 2018, "Sparsified SGD with Memory"; Karimireddy et al. 2019,
 * "Error Feedback Fixes SignSGD"): with residual e, the client sends {@code C(delta + e)} and keeps
 * {@code e <- delta + e - C(delta + e)}, so what top-k drops now is sent later. In topk+q8 the sent
 * values are the quantized ones, so the residual also absorbs the quantization error. q8 alone is
 * unbiased and keeps no residual.
 *
 * <p>The residual is saved after every update (if a {@link ResidualStore} is given) and reloaded on
 * restart. It is dropped when the new base model is more than {@code maxStaleness} versions newer
 * than the one it was left over from: an old residual is a correction for a model the federation
 * has moved far beyond. The residual counts as sent as soon as the update is built; an update the
 * server later refuses (late, not selected) loses its part.
 *
 * <p>Not thread-safe: one per client, used by one training at a time.
 */
public final class Compressor {
    /** Default {@code maxStaleness}; with 10% of clients per round the mean gap is 10 versions. */
    public static final long DEFAULT_MAX_STALENESS = 20;

    private final CompressionMode mode;
    private final double ratio;
    private final long maxStaleness;
    private final ResidualStore store;
    private float[] residual;
    private long residualBase = Long.MIN_VALUE;
    private boolean loaded;

    /** The encoded update and the dense values it stands for (what the server will decode). */
    public record Result(Tensor tensor, float[] sent) {}

    /**
     * @param ratio fraction of coordinates top-k keeps, in (0, 1]
     * @param maxStaleness versions after which the residual is dropped
     * @param store where the residual persists; null to keep it in memory only
     */
    public Compressor(CompressionMode mode, double ratio, long maxStaleness, ResidualStore store) {
        if (mode.sparse()) {
            TopK.count(ratio, 1); // validates the ratio
        }
        if (maxStaleness < 0) {
            throw new IllegalArgumentException("maxStaleness " + maxStaleness + " must be >= 0");
        }
        this.mode = mode;
        this.ratio = ratio;
        this.maxStaleness = maxStaleness;
        this.store = store;
    }

    public CompressionMode mode() {
        return mode;
    }

    /** The current residual (a copy); zeros of the right length if there is none. */
    public float[] residual(int length) {
        return residual == null || residual.length != length ? new float[length] : residual.clone();
    }

    /**
     * Compresses {@code delta}, an update trained from global model {@code baseVersion}.
     *
     * @param rng randomness of the stochastic rounding (q8 modes)
     */
    public Result compress(
            float[] delta, long baseVersion, List<int[]> shapes, RandomGenerator rng) {
        switch (mode) {
            case NONE:
                return new Result(TensorCodec.dense(delta, shapes), delta);
            case Q8:
                {
                    Q8.Quantized q = Q8.quantize(delta, rng);
                    return new Result(CompressedTensors.denseQ8(q, shapes), Q8.dequantize(q));
                }
            default:
                break;
        }
        float[] e = currentResidual(delta.length, baseVersion);
        float[] a = new float[delta.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = delta[i] + e[i];
        }
        int[] idx = TopK.select(a, TopK.count(ratio, a.length));
        float[] kept = new float[idx.length];
        for (int j = 0; j < idx.length; j++) {
            kept[j] = a[idx[j]];
        }
        Tensor tensor;
        float[] sentValues;
        if (mode == CompressionMode.TOPK) {
            tensor = CompressedTensors.sparse(idx, kept, shapes);
            sentValues = kept;
        } else {
            Q8.Quantized q = Q8.quantize(kept, rng);
            tensor = CompressedTensors.sparseQ8(idx, q, shapes);
            sentValues = Q8.dequantize(q);
        }
        float[] sent = new float[a.length];
        float[] next = a; // e <- a - sent: unchanged where nothing was sent
        for (int j = 0; j < idx.length; j++) {
            sent[idx[j]] = sentValues[j];
            next[idx[j]] = a[idx[j]] - sentValues[j];
        }
        residual = next;
        residualBase = baseVersion;
        if (store != null) {
            store.save(new ResidualStore.Residual(baseVersion, next));
        }
        return new Result(tensor, sent);
    }

    private float[] currentResidual(int length, long baseVersion) {
        if (!loaded) {
            loaded = true;
            if (store != null && residual == null) {
                store.load()
                        .ifPresent(
                                r -> {
                                    residual = r.values();
                                    residualBase = r.baseVersion();
                                });
            }
        }
        if (residual == null
                || residual.length != length
                || baseVersion - residualBase > maxStaleness
                || baseVersion < residualBase) {
            residual = new float[length];
            residualBase = baseVersion;
        }
        return residual;
    }
}
