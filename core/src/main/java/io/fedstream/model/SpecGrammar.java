package io.fedstream.model;

import java.util.Locale;
import java.util.Objects;

/** The spec strings of {@link ModelSpec#parse}: each refusal names the spec and what is wrong. */
final class SpecGrammar {
    private static final String SPEC_FORMS =
            "expected logreg, mlp, cnn, logreg:IN-OUT, mlp:IN-H-..-OUT or cnn:S-K-C1-C2-H..-OUT";

    private SpecGrammar() {}

    static ModelSpec parse(String spec) {
        Objects.requireNonNull(spec, "model spec");
        String s = spec.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "logreg":
                return new ModelSpec("logreg", null, new int[] {784, 10});
            case "mlp":
                return new ModelSpec("mlp", null, new int[] {784, 128, 10});
            case "cnn":
                return parse("cnn:28-5-16-32-128-10");
            default:
                break;
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("model spec '" + spec + "': " + SPEC_FORMS);
        }
        String kind = s.substring(0, colon);
        if (!kind.equals("logreg") && !kind.equals("mlp") && !kind.equals("cnn")) {
            throw new IllegalArgumentException(
                    "model spec '"
                            + spec
                            + "': unknown kind '"
                            + kind
                            + "', expected logreg, mlp or cnn");
        }
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
        if (kind.equals("cnn")) {
            return convolutional(spec, sizes);
        }
        return new ModelSpec(kind, null, sizes);
    }

    private static ModelSpec convolutional(String spec, int[] v) {
        if (v.length < 5) {
            throw new IllegalArgumentException(
                    "model spec '"
                            + spec
                            + "': cnn needs at least S-K-C1-C2-OUT, got "
                            + v.length
                            + " sizes");
        }
        int side = v[0];
        int k = v[1];
        long conv1 = (long) side - k + 1;
        long conv2 = conv1 / 2 - k + 1;
        if (conv1 < 2 || conv1 % 2 != 0 || conv2 < 2 || conv2 % 2 != 0) {
            throw new IllegalArgumentException(
                    "model spec '"
                            + spec
                            + "': a "
                            + k
                            + " x "
                            + k
                            + " kernel on a "
                            + side
                            + " x "
                            + side
                            + " image gives convolution widths "
                            + conv1
                            + " and "
                            + Math.max(conv2, 0)
                            + "; both must be even and >= 2 for 2 x 2 pooling");
        }
        long activations =
                Math.max(
                        ModelSpec.saturatingMul(conv1 * conv1, v[2]),
                        Math.max(ModelSpec.saturatingMul(conv2 * conv2, v[3]), (long) side * side));
        if (activations > ModelSpec.MAX_ACTIVATIONS) {
            throw new IllegalArgumentException(
                    "model spec '"
                            + spec
                            + "': a layer of "
                            + (activations == Long.MAX_VALUE ? "more than 2^63" : activations)
                            + " values per example; at most "
                            + ModelSpec.MAX_ACTIVATIONS);
        }
        int[] dense = new int[v.length - 3];
        dense[0] = Math.toIntExact(v[3] * (conv2 / 2) * (conv2 / 2));
        System.arraycopy(v, 4, dense, 1, v.length - 4);
        return new ModelSpec("cnn", new int[] {side, k, v[2], v[3]}, dense);
    }
}
