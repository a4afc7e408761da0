package io.fedstream.data;

/**
 * Labelled examples with unsigned-byte features (as in IDX image files), scaled to [0, 1] on read.
 * Immutable; subsets share the backing arrays through an index list.
 */
public final class Dataset {
    private final byte[] features;
    private final byte[] labels;
    private final int dim;
    private final int numClasses;
    private final int[] index;

    public Dataset(byte[] features, byte[] labels, int dim, int numClasses) {
        this(features, labels, dim, numClasses, null);
    }

    private Dataset(byte[] features, byte[] labels, int dim, int numClasses, int[] index) {
        if (features.length != (long) labels.length * dim) {
            throw new IllegalArgumentException(
                    "features "
                            + features.length
                            + " bytes vs labels "
                            + labels.length
                            + " x dim "
                            + dim);
        }
        this.features = features;
        this.labels = labels;
        this.dim = dim;
        this.numClasses = numClasses;
        this.index = index;
    }

    public int size() {
        return index == null ? labels.length : index.length;
    }

    public int dim() {
        return dim;
    }

    public int numClasses() {
        return numClasses;
    }

    private int row(int i) {
        return index == null ? i : index[i];
    }

    public int label(int i) {
        return labels[row(i)] & 0xFF;
    }

    /** Features of example {@code i}, scaled to [0, 1], into {@code out}. */
    public void features(int i, float[] out) {
        features(i, out, 0);
    }

    /** Features of example {@code i} into {@code out[offset .. offset + dim)}. */
    public void features(int i, float[] out, int offset) {
        int base = row(i) * dim;
        for (int j = 0; j < dim; j++) {
            out[offset + j] = (features[base + j] & 0xFF) / 255f;
        }
    }

    /** The examples at {@code rows} (indices into this dataset), sharing storage. */
    public Dataset subset(int[] rows) {
        int[] mapped = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            mapped[i] = row(rows[i]);
        }
        return new Dataset(features, labels, dim, numClasses, mapped);
    }

    /** The first {@code n} examples. */
    public Dataset head(int n) {
        int[] rows = new int[Math.min(n, size())];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return subset(rows);
    }
}
