package io.fedstream.contract.fuzz;

import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.fuzz.TensorGens.TensorCase;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;

/**
 * Valid tensors of every encoding, then (seven times in eight) hostile: data bytes mutated (the
 * sparse count {@code nnz} at byte 1 aimed at often), dimensions set to zero, negative, huge or
 * overflowing values, tensors added or removed, or the encoding swapped for another.
 */
public final class TensorMutations {
    private TensorMutations() {}

    /** A valid case and the tensor to decode; {@code input == valid.tensor()} when unmutated. */
    public record Case(TensorCase valid, Tensor input, List<String> steps) {
        public boolean mutated() {
            return !steps.isEmpty();
        }

        @Override
        public String toString() {
            return mutated()
                    ? steps
                            + " -> "
                            + input.getEncoding()
                            + " shapes "
                            + input.getShapes()
                            + " data "
                            + Hex.literal(TensorBytes.of(input))
                    : "valid " + valid;
        }
    }

    public static Gen<Case> cases() {
        return in -> {
            Draw d = new Draw(in);
            TensorCase valid = TensorGens.tensor(d, TensorGens.shapes(d));
            if (d.oneIn(8)) {
                return new Case(valid, valid.tensor(), List.of());
            }
            List<String> steps = new ArrayList<>();
            Tensor t = mutate(d, valid.tensor(), steps);
            return new Case(valid, t, List.copyOf(steps));
        };
    }

    /**
     * A sample's tensor: {@code valid}'s own one time in two, else a mutation of it, its steps in
     * the returned case.
     */
    public static Case maybeMutated(Draw d, TensorCase valid) {
        if (d.oneIn(2)) {
            return new Case(valid, valid.tensor(), List.of());
        }
        List<String> steps = new ArrayList<>();
        Tensor t = mutate(d, valid.tensor(), steps);
        return new Case(valid, t, List.copyOf(steps));
    }

    /** One to three mutations of {@code t}, logged in {@code steps}. */
    public static Tensor mutate(Draw d, Tensor t, List<String> steps) {
        byte[] data = TensorBytes.of(t);
        List<List<Integer>> shapes = new ArrayList<>();
        t.getShapes().forEach(s -> shapes.add(new ArrayList<>(s)));
        TensorEncoding encoding = t.getEncoding();
        int n = d.between(1, 3);
        for (int i = 0; i < n; i++) {
            switch (d.below(6)) {
                case 0, 1, 2 -> data = Mutators.once(d, data, null, steps);
                case 3 -> {
                    if (data.length > 1) {
                        // SPARSE_*: mode byte, then nnz as a varint.
                        byte[] nnz = Mutators.extremeVarint(d, data.length - 2);
                        steps.add("nnz set to varint " + Hex.of(nnz));
                        data = Mutators.concat(data, 1, nnz, data, 2);
                    }
                }
                case 4 -> mutateShapes(d, shapes, steps);
                default -> {
                    encoding = d.pick(TensorEncoding.values());
                    steps.add("encoding set to " + encoding);
                }
            }
        }
        return Tensor.newBuilder()
                .setEncoding(encoding)
                .setShapes(shapes)
                .setData(ByteBuffer.wrap(data))
                .build();
    }

    private static void mutateShapes(Draw d, List<List<Integer>> shapes, List<String> steps) {
        int which = d.below(shapes.size() + 1);
        if (which == shapes.size()) {
            List<Integer> added = new ArrayList<>();
            int dims = d.between(0, 4);
            for (int k = 0; k < dims; k++) {
                added.add(dim(d));
            }
            shapes.add(added);
            steps.add("shape " + added + " added");
            return;
        }
        List<Integer> shape = shapes.get(which);
        if (shape.isEmpty() || d.oneIn(4)) {
            shapes.remove(which);
            steps.add("shape " + which + " removed");
            return;
        }
        int k = d.below(shape.size());
        shape.set(k, dim(d));
        steps.add("dim " + k + " of shape " + which + " set to " + shape.get(k));
    }

    /** A dimension: 0, -1, a small negative, or large enough that products overflow. */
    private static int dim(Draw d) {
        return d.pick(
                0,
                -1,
                -2,
                1,
                2,
                65_536,
                46_341,
                Integer.MAX_VALUE,
                Integer.MIN_VALUE,
                Integer.MAX_VALUE / 2 + 1,
                d.between(-20, 20));
    }

    /** The exact number of values {@code shapes} describe, or -1 if a dimension is negative. */
    public static BigInteger exactCount(List<List<Integer>> shapes) {
        BigInteger total = BigInteger.ZERO;
        for (List<Integer> shape : shapes) {
            BigInteger n = BigInteger.ONE;
            for (int dim : shape) {
                if (dim < 0) {
                    return BigInteger.valueOf(-1);
                }
                n = n.multiply(BigInteger.valueOf(dim));
            }
            total = total.add(n);
        }
        return total;
    }
}
