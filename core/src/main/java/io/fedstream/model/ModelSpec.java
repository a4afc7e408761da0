package io.fedstream.model;

import io.fedstream.contract.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The architecture of a model, shared by the job, the edge clients and the evaluator.
 *
 * <p>A dense model is a stack of dense layers {@code sizes[0] -> sizes[1] -> ... -> sizes[k]} with
 * ReLU between layers and softmax cross-entropy on the last. With no hidden layer it is multinomial
 * logistic regression. Spec strings: {@code logreg} (784-10, 7,850 parameters), {@code mlp}
 * (784-128-10, 101,770 parameters), or explicit sizes such as {@code mlp:20-8-3} / {@code
 * logreg:20-3}.
 *
 * <p>A convolutional model ({@code cnn:S-K-C1-C2-H..-OUT}, {@code cnn} = {@code
 * cnn:28-5-16-32-128-10}, 80,202 parameters) takes a one-channel S x S image (the input vector is
 * its rows, top to bottom) through two blocks of a K x K convolution (stride 1, no padding, bias),
 * ReLU and 2 x 2 max pooling (stride 2), flattens the C2 x P x P result channel-major (channel,
 * row, column), and ends in the dense stack {@code C2·P·P -> H.. -> OUT} as above. S − K + 1 and
 * the second block's convolution width must be even, so that every pooling window is whole.
 *
 * <p>Parameter layout (the flat vector on the wire): for a convolutional model first, for each
 * block, its kernel of shape {@code [C_out, C_in, K, K]} row-major (the first block has C_in = 1)
 * then its bias {@code [C_out]}; then, for each dense layer l in order, the weight matrix {@code
 * W_l} of shape {@code [in, out]} row-major, then the bias {@code b_l} of shape {@code [out]}.
 */
public final class ModelSpec {
    /** Convolution outputs one example may need, in floats (the trainer's memory per example). */
    public static final long MAX_ACTIVATIONS = 1L << 22;

    private final String kind;
    private final int[] sizes;

    /** Null for a dense model, else {side, kernel, c1, c2}. */
    private final int[] conv;

    private final int convParameters;
    private final int numParameters;

    ModelSpec(String kind, int[] conv, int[] sizes) {
        this.kind = kind;
        this.conv = conv;
        this.sizes = sizes;
        long maxParams = (Topics.MAX_MESSAGE_BYTES - Topics.RECORD_OVERHEAD_BYTES) / Float.BYTES;
        long total = 0;
        if (conv != null) {
            long k2 = (long) conv[1] * conv[1];
            total = add(total, add(saturatingMul(k2, conv[2]), conv[2]));
            total = add(total, add(saturatingMul(saturatingMul(k2, conv[2]), conv[3]), conv[3]));
        }
        long convTotal = total;
        for (int l = 0; l + 1 < sizes.length; l++) {
            // Each layer's count is below 2^63, but three of about 2^62 would wrap a plain sum
            // around to a small number that passed the check below (the spec string comes off the
            // wire): the sum saturates instead.
            total = add(total, (long) sizes[l] * sizes[l + 1] + sizes[l + 1]);
        }
        if (total > maxParams) {
            throw new IllegalArgumentException(
                    "model "
                            + this
                            + " has "
                            + (total == Long.MAX_VALUE ? "more than 2^63" : total)
                            + " parameters ("
                            + (total > Long.MAX_VALUE / Float.BYTES
                                    ? "more than 2^63"
                                    : total * Float.BYTES)
                            + " bytes); the largest model a Kafka record can carry here has "
                            + maxParams
                            + " parameters (Topics.MAX_MESSAGE_BYTES = "
                            + Topics.MAX_MESSAGE_BYTES
                            + ")");
        }
        this.convParameters = (int) convTotal;
        this.numParameters = (int) total;
    }

    private static long add(long a, long b) {
        return b > Long.MAX_VALUE - a ? Long.MAX_VALUE : a + b;
    }

    static long saturatingMul(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /**
     * Parses {@code logreg}, {@code mlp}, {@code cnn}, {@code logreg:IN-OUT}, {@code
     * mlp:IN-H-...-OUT} or {@code cnn:S-K-C1-C2-H..-OUT}; a bad spec is refused with an
     * IllegalArgumentException naming it.
     */
    public static ModelSpec parse(String spec) {
        return SpecGrammar.parse(spec);
    }

    /** Length of one example's input vector: IN, or S x S for a convolutional model. */
    public int inputSize() {
        return conv == null ? sizes[0] : conv[0] * conv[0];
    }

    public int numClasses() {
        return sizes[sizes.length - 1];
    }

    /** Dense layers (after the convolution blocks of a convolutional model). */
    public int numLayers() {
        return sizes.length - 1;
    }

    /** Widths of the dense stack, its input first (C2·P·P for a convolutional model). */
    public int[] layerSizes() {
        return sizes.clone();
    }

    public int numParameters() {
        return numParameters;
    }

    /** True for a {@code cnn} spec: two convolution blocks before the dense layers. */
    public boolean convolutional() {
        return conv != null;
    }

    /** The side S of the square one-channel input image; convolutional models only. */
    public int imageSide() {
        return convOnly()[0];
    }

    /** The side K of every convolution kernel; convolutional models only. */
    public int kernelSize() {
        return convOnly()[1];
    }

    /** Input channels of block {@code block} (0 or 1): 1, then C1. */
    public int convInChannels(int block) {
        return block == 0 ? 1 : convOnly()[2];
    }

    /** Output channels of block {@code block} (0 or 1): C1, C2. */
    public int convOutChannels(int block) {
        return convOnly()[2 + checkBlock(block)];
    }

    /** Side of block {@code block}'s input: S, then the first pooling's output. */
    public int convInputSide(int block) {
        int side = convOnly()[0];
        return checkBlock(block) == 0 ? side : (side - conv[1] + 1) / 2;
    }

    /** Side of block {@code block}'s convolution output (before pooling). */
    public int convOutputSide(int block) {
        return convInputSide(block) - conv[1] + 1;
    }

    /** Offset of block {@code block}'s kernel {@code [C_out, C_in, K, K]} in the flat vector. */
    public int convWeightOffset(int block) {
        int k2 = kernelSize() * kernelSize();
        return checkBlock(block) == 0 ? 0 : k2 * conv[2] + conv[2];
    }

    /** Offset of block {@code block}'s bias {@code [C_out]} in the flat vector. */
    public int convBiasOffset(int block) {
        int k2 = kernelSize() * kernelSize();
        return convWeightOffset(block) + k2 * convInChannels(block) * convOutChannels(block);
    }

    private int[] convOnly() {
        if (conv == null) {
            throw new IllegalStateException("model " + this + " has no convolution blocks");
        }
        return conv;
    }

    private static int checkBlock(int block) {
        if (block != 0 && block != 1) {
            throw new IndexOutOfBoundsException("convolution block " + block + " vs 0 or 1");
        }
        return block;
    }

    /** Offset of dense {@code W_l} in the flat vector. */
    public int weightOffset(int layer) {
        int offset = convParameters;
        for (int l = 0; l < layer; l++) {
            offset += sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        return offset;
    }

    /** Offset of dense {@code b_l} in the flat vector. */
    public int biasOffset(int layer) {
        return weightOffset(layer) + sizes[layer] * sizes[layer + 1];
    }

    /** Shapes in layout order: (kernel, bias) per convolution block, then W0, b0, W1, b1, ... */
    public List<int[]> shapes() {
        List<int[]> shapes = new ArrayList<>();
        if (conv != null) {
            for (int block = 0; block < 2; block++) {
                int k = conv[1];
                shapes.add(new int[] {convOutChannels(block), convInChannels(block), k, k});
                shapes.add(new int[] {convOutChannels(block)});
            }
        }
        for (int l = 0; l + 1 < sizes.length; l++) {
            shapes.add(new int[] {sizes[l], sizes[l + 1]});
            shapes.add(new int[] {sizes[l + 1]});
        }
        return shapes;
    }

    /** True if {@code avroShapes} equals {@link #shapes()}. */
    public boolean matchesShapes(List<List<Integer>> avroShapes) {
        List<int[]> mine = shapes();
        if (avroShapes == null || avroShapes.size() != mine.size()) {
            return false;
        }
        for (int i = 0; i < mine.size(); i++) {
            List<Integer> theirs = avroShapes.get(i);
            int[] m = mine.get(i);
            if (theirs == null || theirs.size() != m.length) {
                return false;
            }
            for (int j = 0; j < m.length; j++) {
                if (theirs.get(j) == null || theirs.get(j) != m[j]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Seeded Glorot-uniform weights and zero biases: U(−a, a) with a = √(6 / (fan_in + fan_out)),
     * fan_in = C_in·K·K and fan_out = C_out·K·K for a kernel, in and out for a dense matrix. Each
     * parameter is a pure function of (seed, index), so any range of the vector can be computed on
     * its own (sharded aggregation, tests).
     */
    public float[] initialParameters(long seed) {
        float[] params = new float[numParameters];
        if (conv != null) {
            int k2 = conv[1] * conv[1];
            for (int block = 0; block < 2; block++) {
                int in = convInChannels(block);
                int out = convOutChannels(block);
                fillGlorot(params, seed, convWeightOffset(block), in * out * k2, in * k2, out * k2);
            }
        }
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            fillGlorot(params, seed, weightOffset(l), in * out, in, out);
        }
        return params;
    }

    private static void fillGlorot(
            float[] params, long seed, int from, int count, int fanIn, int fanOut) {
        double limit = Math.sqrt(6.0 / ((double) fanIn + fanOut));
        for (int i = from; i < from + count; i++) {
            params[i] = (float) (limit * (2.0 * unitUniform(seed, i) - 1.0));
        }
    }

    /** SplitMix64 of (seed, index) mapped to [0, 1). */
    static double unitUniform(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(kind).append(':');
        if (conv != null) {
            for (int v : conv) {
                b.append(v).append('-');
            }
        }
        // a cnn's dense input (C2·P·P) follows from the blocks and is not part of its spec
        for (int i = conv == null ? 0 : 1; i < sizes.length; i++) {
            if (b.charAt(b.length() - 1) != ':' && b.charAt(b.length() - 1) != '-') {
                b.append('-');
            }
            b.append(sizes[i]);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec other
                && kind.equals(other.kind)
                && Arrays.equals(conv, other.conv)
                && Arrays.equals(sizes, other.sizes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(conv)) + Arrays.hashCode(sizes);
    }
}
