package io.fedstream.model;

/**
 * Plain-Java inference for a {@link ModelSpec}: the reference meaning of a parameter vector. The
 * evaluator uses it, and the edge trainer's ND4J forward pass is tested against it.
 */
public final class ReferenceModel {
    private final ModelSpec spec;
    private final float[] params;

    /** A convolutional model's kernels as {@code [C_in, K, K, C_out]}; null for a dense one. */
    private final float[][] kernels;

    /** A model of {@code params}, which must not change afterwards (its kernels are copied). */
    public ReferenceModel(ModelSpec spec, float[] params) {
        if (params.length != spec.numParameters()) {
            throw new IllegalArgumentException(
                    "parameters "
                            + params.length
                            + " vs spec "
                            + spec
                            + " "
                            + spec.numParameters());
        }
        this.spec = spec;
        this.params = params;
        this.kernels =
                spec.convolutional()
                        ? new float[][] {
                            transposedKernel(spec, params, 0), transposedKernel(spec, params, 1)
                        }
                        : null;
    }

    /**
     * Logits of one example {@code x} (length = input size) into {@code out} (length = classes).
     */
    public void logits(float[] x, float[] out) {
        int[] sizes = spec.layerSizes();
        float[] act = spec.convolutional() ? convolutionBlocks(x) : x;
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int outSize = sizes[l + 1];
            float[] next = (l + 2 == sizes.length) ? out : new float[outSize];
            int w = spec.weightOffset(l);
            int b = spec.biasOffset(l);
            for (int j = 0; j < outSize; j++) {
                next[j] = params[b + j];
            }
            for (int i = 0; i < in; i++) {
                float a = act[i];
                if (a == 0f) {
                    continue;
                }
                int row = w + i * outSize;
                for (int j = 0; j < outSize; j++) {
                    next[j] += a * params[row + j];
                }
            }
            if (l + 2 < sizes.length) {
                for (int j = 0; j < outSize; j++) {
                    if (next[j] < 0f) {
                        next[j] = 0f;
                    }
                }
            }
            act = next;
        }
    }

    /**
     * The two blocks of a convolutional model on one image: per block a valid K x K convolution
     * with bias, ReLU and 2 x 2 max pooling; returns the last block's output flattened channel,
     * row, column (the dense stack's input).
     *
     * <p>Computed with channels innermost (row, column, channel) and the kernels transposed to
     * {@code [C_in, K, K, C_out]}, so that the innermost loop runs over the output channels of one
     * position, contiguous in both arrays; the result is the same sum as the wire layout's {@code
     * [C_out, C_in, K, K]} defines, in another order.
     */
    private float[] convolutionBlocks(float[] image) {
        float[] in = image; // one channel: row, column order is also row, column, channel
        int k = spec.kernelSize();
        for (int block = 0; block < 2; block++) {
            int cin = spec.convInChannels(block);
            int cout = spec.convOutChannels(block);
            int side = spec.convInputSide(block);
            int o = spec.convOutputSide(block);
            float[] wt = kernels[block];
            int b = spec.convBiasOffset(block);
            float[] conv = new float[o * o * cout];
            for (int r = 0; r < o; r++) {
                for (int c = 0; c < o; c++) {
                    int dst = (r * o + c) * cout;
                    System.arraycopy(params, b, conv, dst, cout);
                    for (int kr = 0; kr < k; kr++) {
                        for (int kc = 0; kc < k; kc++) {
                            int src = ((r + kr) * side + c + kc) * cin;
                            for (int ci = 0; ci < cin; ci++) {
                                float a = in[src + ci];
                                if (a == 0f) {
                                    continue; // ReLU zeros of the previous block
                                }
                                int w = ((ci * k + kr) * k + kc) * cout;
                                for (int co = 0; co < cout; co++) {
                                    conv[dst + co] += a * wt[w + co];
                                }
                            }
                        }
                    }
                }
            }
            int p = o / 2;
            float[] pooled = new float[p * p * cout];
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    int at = (2 * r * o + 2 * c) * cout;
                    int right = at + cout;
                    int down = at + o * cout;
                    int dst = (r * p + c) * cout;
                    for (int ch = 0; ch < cout; ch++) {
                        float m =
                                Math.max(
                                        Math.max(conv[at + ch], conv[right + ch]),
                                        Math.max(conv[down + ch], conv[down + cout + ch]));
                        pooled[dst + ch] = Math.max(m, 0f); // ReLU commutes with max
                    }
                }
            }
            in = pooled;
        }
        int c2 = spec.convOutChannels(1);
        int p = spec.convOutputSide(1) / 2;
        float[] features = new float[c2 * p * p];
        for (int ch = 0; ch < c2; ch++) {
            for (int i = 0; i < p * p; i++) {
                features[ch * p * p + i] = in[i * c2 + ch];
            }
        }
        return features;
    }

    /** Block {@code block}'s kernel transposed from [C_out, C_in, K, K] to [C_in, K, K, C_out]. */
    private static float[] transposedKernel(ModelSpec spec, float[] params, int block) {
        int cin = spec.convInChannels(block);
        int cout = spec.convOutChannels(block);
        int kk = spec.kernelSize() * spec.kernelSize();
        int from = spec.convWeightOffset(block);
        float[] t = new float[cin * kk * cout];
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int j = 0; j < kk; j++) {
                    t[(ci * kk + j) * cout + co] = params[from + (co * cin + ci) * kk + j];
                }
            }
        }
        return t;
    }

    /**
     * Softmax cross-entropy of {@code logits} for class {@code label}, computed stably: ln Σ_j
     * exp(z_j − m) + (m − z_label) with m = max_j z_j. The difference m − z_label is taken before
     * the logarithm is added, so that huge logits (a model with parameters of 10^20) do not absorb
     * it: equal logits of 10^35 give ln k, not 0. Logits that overflowed to ±∞ give NaN or ∞.
     */
    public static double crossEntropy(float[] logits, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (float z : logits) {
            sum += Math.exp(z - max);
        }
        return Math.log(sum) + (max - logits[label]);
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Accuracy and mean cross-entropy over examples {@code [from, to)} of {@code data}. */
    public Evaluation evaluate(io.fedstream.data.Dataset data, int from, int to) {
        float[] x = new float[data.dim()];
        float[] z = new float[spec.numClasses()];
        long correct = 0;
        double loss = 0;
        for (int i = from; i < to; i++) {
            data.features(i, x);
            logits(x, z);
            int y = data.label(i);
            if (argmax(z) == y) {
                correct++;
            }
            loss += crossEntropy(z, y);
        }
        return new Evaluation(to - from, correct, loss);
    }

    /** Counts and summed loss, so partial evaluations over ranges can be merged. */
    public record Evaluation(long examples, long correct, double lossSum) {
        public double accuracy() {
            return examples == 0 ? 0 : (double) correct / examples;
        }

        public double meanLoss() {
            return examples == 0 ? 0 : lossSum / examples;
        }

        public Evaluation plus(Evaluation o) {
            return new Evaluation(examples + o.examples, correct + o.correct, lossSum + o.lossSum);
        }
    }
}
