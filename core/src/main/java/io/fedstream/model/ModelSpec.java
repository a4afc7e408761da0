package io.fedstream.model;

import io.fedstream.contract.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The architecture of a model, shared by the job, the edge clients and the evaluator.
 *
 * <p>A model is a stack of dense layers {@code sizes[0] -> sizes[1] -> ... -> sizes[k]} with ReLU
 * between layers and softmax cross-entropy on the last. With no hidden layer it is multinomial
 * logistic regression. Spec strings: {@code logreg} (784-10, 7,850 parameters), {@code mlp}
 * (784-128-10, 101,770 parameters), or explicit sizes such as {@code mlp:20-8-3} / {@code
 * logreg:20-3}.
 *
 * <p>Parameter layout (the flat vector on the wire): for each layer l in order, the weight matrix
 * {@code W_l} of shape {@code [in, out]} row-major, then the bias {@code b_l} of shape {@code
 * [out]}.
 */
public final class ModelSpec {
    private final String kind;
    private final int[] sizes;
    private final int numParameters;

    private ModelSpec(String kind, int[] sizes) {
        this.kind = kind;
        this.sizes = sizes;
        long maxParams = (Topics.MAX_MESSAGE_BYTES - Topics.RECORD_OVERHEAD_BYTES) / Float.BYTES;
        long total = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            // Each layer's count is below 2^63, but three of about 2^62 would wrap a plain sum
            // around to a small number that passed the check below (the spec string comes off the
            // wire): the sum saturates instead.
            long layer = (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
            total = layer > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + layer;
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
        this.numParameters = (int) total;
    }

    /** Parses {@code logreg}, {@code mlp}, {@code logreg:IN-OUT} or {@code mlp:IN-H1-...-OUT}. */
    public static ModelSpec parse(String spec) {
        Objects.requireNonNull(spec, "model spec");
        String s = spec.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "logreg":
                return new ModelSpec("logreg", new int[] {784, 10});
            case "mlp":
                return new ModelSpec("mlp", new int[] {784, 128, 10});
            default:
                break;
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(
                    "model spec '"
                            + spec
                            + "': expected logreg, mlp, logreg:IN-OUT or mlp:IN-H-..-OUT");
        }
        String kind = s.substring(0, colon);
        String[] parts = s.substring(colon + 1).split("-");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "model spec '"
                                + spec
                                + "': layer size '"
                                + parts[i]
                                + "' is not an integer",
                        e);
            }
            if (sizes[i] <= 0) {
                throw new IllegalArgumentException(
                        "model spec '" + spec + "': layer size " + sizes[i] + " must be > 0");
            }
        }
        if (kind.equals("logreg") && sizes.length != 2) {
            throw new IllegalArgumentException(
                    "model spec '"
                            + spec
                            + "': logreg takes exactly IN-OUT, got "
                            + sizes.length
                            + " sizes");
        }
        if (kind.equals("mlp") && sizes.length < 3) {
            throw new IllegalArgumentException(
                    "model spec '"
                            + spec
                            + "': mlp needs at least IN-HIDDEN-OUT, got "
                            + sizes.length
                            + " sizes");
        }
        if (!kind.equals("logreg") && !kind.equals("mlp")) {
            throw new IllegalArgumentException(
                    "model spec '"
                            + spec
                            + "': unknown kind '"
                            + kind
                            + "', expected logreg or mlp");
        }
        return new ModelSpec(kind, sizes);
    }

    public int inputSize() {
        return sizes[0];
    }

    public int numClasses() {
        return sizes[sizes.length - 1];
    }

    public int numLayers() {
        return sizes.length - 1;
    }

    /** Layer widths, input first. */
    public int[] layerSizes() {
        return sizes.clone();
    }

    public int numParameters() {
        return numParameters;
    }

    /** Offset of {@code W_l} in the flat vector. */
    public int weightOffset(int layer) {
        int offset = 0;
        for (int l = 0; l < layer; l++) {
            offset += sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        return offset;
    }

    /** Offset of {@code b_l} in the flat vector. */
    public int biasOffset(int layer) {
        return weightOffset(layer) + sizes[layer] * sizes[layer + 1];
    }

    /** Shapes in layout order: W0, b0, W1, b1, ... */
    public List<int[]> shapes() {
        List<int[]> shapes = new ArrayList<>();
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
     * Seeded Glorot-uniform weights and zero biases. Each parameter is a pure function of (seed,
     * index), so any range of the vector can be computed on its own (sharded aggregation, tests).
     */
    public float[] initialParameters(long seed) {
        float[] params = new float[numParameters];
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double limit = Math.sqrt(6.0 / (in + out));
            int w = weightOffset(l);
            for (int i = 0; i < in * out; i++) {
                params[w + i] = (float) (limit * (2.0 * unitUniform(seed, w + i) - 1.0));
            }
        }
        return params;
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
        for (int i = 0; i < sizes.length; i++) {
            if (i > 0) {
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
                && Arrays.equals(sizes, other.sizes);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.hashCode(sizes);
    }
}
