package io.fedstream.contract;

/**
 * The values of a tensor after decoding: dense ({@code indices == null}, {@code values.length ==
 * length}) or sparse (value {@code values[j]} at index {@code indices[j]}, indices strictly
 * increasing and in range, all other coordinates zero).
 */
public record DecodedTensor(int length, int[] indices, float[] values) {

    public boolean sparse() {
        return indices != null;
    }

    /** The full vector; a copy for sparse tensors, the values themselves for dense ones. */
    public float[] toDense() {
        if (indices == null) {
            return values;
        }
        float[] out = new float[length];
        for (int j = 0; j < indices.length; j++) {
            out[indices[j]] = values[j];
        }
        return out;
    }
}
