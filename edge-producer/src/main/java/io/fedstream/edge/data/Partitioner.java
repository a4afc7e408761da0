package io.fedstream.edge.data;

import io.fedstream.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Splits the examples of a dataset among federated clients. Every index goes to exactly one client;
 * the result depends only on the labels, the arguments and the seed.
 *
 * <ul>
 *   <li>IID: one seeded shuffle cut into {@code numClients} pieces of equal size (±1).
 *   <li>Label skew: the Dirichlet partition of NIID-Bench (Li, Diao, Chen, He, "Federated Learning
 *       on Non-IID Data Silos: An Experimental Study", ICDE 2022, "#C~Dir(β)" / {@code
 *       noniid-labeldir}). Small α gives each client few classes; large α approaches IID.
 * </ul>
 */
public final class Partitioner {
    /** NIID-Bench's {@code min_require_size}. */
    public static final int DEFAULT_MIN_SIZE = 10;

    /** Redraws before giving up on {@code minSize}; NIID-Bench loops forever instead. */
    public static final int MAX_ATTEMPTS = 1000;

    private Partitioner() {}

    /**
     * Partitions {@code data} with seed {@code seed}: IID when {@code alpha} is null, otherwise the
     * Dirichlet(α) label skew with at least {@code minSize} examples per client.
     */
    public static int[][] partition(
            Dataset data, int numClients, Double alpha, int minSize, long seed) {
        Random rng = new Random(seed);
        if (alpha == null) {
            return iid(data.size(), numClients, rng);
        }
        return dirichlet(labels(data), data.numClasses(), numClients, alpha, minSize, rng);
    }

    /**
     * Indices {@code 0..size-1} shuffled with {@code rng}; the first {@code size % numClients}
     * clients get one more.
     */
    public static int[][] iid(int size, int numClients, Random rng) {
        checkClients(size, numClients, 1);
        int[] all = new int[size];
        Arrays.setAll(all, i -> i);
        shuffle(all, rng);
        int[][] parts = new int[numClients][];
        int base = size / numClients;
        int extra = size % numClients;
        int from = 0;
        for (int c = 0; c < numClients; c++) {
            int len = base + (c < extra ? 1 : 0);
            parts[c] = Arrays.copyOfRange(all, from, from + len);
            from += len;
        }
        return parts;
    }

    /**
     * NIID-Bench's Dirichlet label-skew partition. For each class in turn: shuffle its indices,
     * draw proportions p ~ Dir(α) over the clients, zero the proportion of every client that
     * already holds {@code N / numClients} examples or more (NIID-Bench's balancing step),
     * renormalise, and cut the class at the cumulative proportions. The whole draw is repeated
     * until every client has at least {@code minSize} examples, at most {@link #MAX_ATTEMPTS}
     * times; each client's indices are shuffled at the end.
     *
     * @throws IllegalStateException if no draw satisfies {@code minSize} within the attempts
     */
    public static int[][] dirichlet(
            int[] labels, int numClasses, int numClients, double alpha, int minSize, Random rng) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha " + alpha + ": expected 0 < alpha < inf");
        }
        checkClients(labels.length, numClients, minSize);
        List<int[]> byClass = indicesByClass(labels, numClasses);
        double fairShare = (double) labels.length / numClients;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            IntList[] clients = new IntList[numClients];
            for (int c = 0; c < numClients; c++) {
                clients[c] = new IntList();
            }
            for (int[] classIndices : byClass) {
                int[] idx = classIndices.clone();
                shuffle(idx, rng);
                double[] p = GammaSampler.dirichlet(alpha, numClients, rng);
                double sum = 0;
                for (int c = 0; c < numClients; c++) {
                    if (clients[c].size >= fairShare) {
                        p[c] = 0;
                    }
                    sum += p[c];
                }
                double cumulative = 0;
                int from = 0;
                for (int c = 0; c < numClients; c++) {
                    cumulative += p[c] / sum;
                    int to = c == numClients - 1 ? idx.length : (int) (cumulative * idx.length);
                    to = Math.max(from, Math.min(idx.length, to));
                    clients[c].addAll(idx, from, to);
                    from = to;
                }
            }
            int smallest = Integer.MAX_VALUE;
            for (IntList client : clients) {
                smallest = Math.min(smallest, client.size);
            }
            if (smallest >= minSize) {
                int[][] parts = new int[numClients][];
                for (int c = 0; c < numClients; c++) {
                    parts[c] = clients[c].toArray();
                    shuffle(parts[c], rng);
                }
                return parts;
            }
        }
        throw new IllegalStateException(
                "Dirichlet(alpha="
                        + alpha
                        + ") partition of "
                        + labels.length
                        + " examples over "
                        + numClients
                        + " clients left some client with fewer than "
                        + minSize
                        + " examples in each of "
                        + MAX_ATTEMPTS
                        + " attempts; raise alpha, use fewer clients or lower the minimum size");
    }

    /** The label of every example of {@code data}. */
    public static int[] labels(Dataset data) {
        int[] y = new int[data.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = data.label(i);
        }
        return y;
    }

    /** The datasets of the clients {@code first .. first + count - 1} of {@code parts}. */
    public static List<Dataset> subsets(Dataset data, int[][] parts, int first, int count) {
        if (first < 0 || count < 0 || first + count > parts.length) {
            throw new IllegalArgumentException(
                    "clients ["
                            + first
                            + ", "
                            + (first + count)
                            + ") vs partition of "
                            + parts.length
                            + " clients");
        }
        List<Dataset> out = new ArrayList<>(count);
        for (int c = first; c < first + count; c++) {
            out.add(data.subset(parts[c]));
        }
        return out;
    }

    private static void checkClients(int size, int numClients, int minSize) {
        if (numClients < 1) {
            throw new IllegalArgumentException("clients " + numClients + ": expected >= 1");
        }
        if (minSize < 0 || (long) numClients * Math.max(1, minSize) > size) {
            throw new IllegalArgumentException(
                    "cannot give "
                            + numClients
                            + " clients at least "
                            + Math.max(1, minSize)
                            + " examples each from "
                            + size
                            + " examples");
        }
    }

    private static List<int[]> indicesByClass(int[] labels, int numClasses) {
        IntList[] lists = new IntList[numClasses];
        for (int k = 0; k < numClasses; k++) {
            lists[k] = new IntList();
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " at " + i + " vs classes [0, " + numClasses + ")");
            }
            lists[labels[i]].add(i);
        }
        List<int[]> out = new ArrayList<>(numClasses);
        for (IntList list : lists) {
            out.add(list.toArray());
        }
        return out;
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A growable int array, to avoid boxing 60,000 indices per draw. */
    private static final class IntList {
        private int[] data = new int[16];
        private int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        void addAll(int[] src, int from, int to) {
            int n = to - from;
            if (size + n > data.length) {
                data = Arrays.copyOf(data, Math.max(size + n, data.length * 2));
            }
            System.arraycopy(src, from, data, size, n);
            size += n;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
