package io.fedstream.job.aggregation.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batcher's odd-even merge sorting network (Batcher, 1968, "Sorting networks and their
 * applications"), cut down to n inputs and to the output ranks a rule needs. Package-private.
 *
 * <p>A network is data-oblivious: the same compare-exchanges run for every coordinate, so {@link
 * ColumnSorter} applies each one to a whole row of a coordinate block with {@code Math.min/max},
 * which the JIT vectorises. That is what makes per-coordinate median and trimmed mean run near
 * memory speed, where a quickselect per coordinate is bound by branch mispredictions.
 *
 * <p>The network for the next power of two P ≥ n is generated, inputs n..P-1 are virtual +∞ whose
 * moves are resolved at build time (a compare with +∞ is either a no-op or a relabelling), and
 * compare-exchanges that cannot reach a needed output rank are dropped (backward liveness).
 */
public final class SortingNetwork {
    private static final ConcurrentHashMap<List<Integer>, SortingNetwork> CACHE =
            new ConcurrentHashMap<>();

    /** Number of inputs (rows). */
    final int n;

    /**
     * Compare-exchange k puts the minimum in row {@code lo[k]} and the maximum in {@code hi[k]}.
     */
    final int[] lo;

    final int[] hi;

    /** After running, the value of rank r is in row {@code rowOfRank[r]} (for needed ranks). */
    public final int[] rowOfRank;

    private SortingNetwork(int n, int[] lo, int[] hi, int[] rowOfRank) {
        this.n = n;
        this.lo = lo;
        this.hi = hi;
        this.rowOfRank = rowOfRank;
    }

    public int size() {
        return lo.length;
    }

    /** A network for n inputs that places ranks [fromRank, toRank) correctly. Cached. */
    public static SortingNetwork forRanks(int n, int fromRank, int toRank) {
        return forRankRanges(n, fromRank, toRank);
    }

    /**
     * A network for n inputs that places the ranks of every range [bounds[2k], bounds[2k+1])
     * correctly; the other values end up in the other rows, in no particular order. Cached.
     */
    public static SortingNetwork forRankRanges(int n, int... bounds) {
        if (n < 1 || bounds.length == 0 || bounds.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "rank ranges " + Arrays.toString(bounds) + " vs n=" + n);
        }
        List<Integer> key = new ArrayList<>();
        key.add(n);
        for (int k = 0; k < bounds.length; k += 2) {
            if (bounds[k] < 0 || bounds[k + 1] > n || bounds[k] >= bounds[k + 1]) {
                throw new IllegalArgumentException(
                        "ranks [" + bounds[k] + ", " + bounds[k + 1] + ") vs n=" + n);
            }
            key.add(bounds[k]);
            key.add(bounds[k + 1]);
        }
        return CACHE.computeIfAbsent(key, k -> build(n, bounds));
    }

    private static SortingNetwork build(int n, int[] bounds) {
        int p = 1;
        while (p < n) {
            p <<= 1;
        }
        int[] rowOnWire = new int[p];
        for (int w = 0; w < p; w++) {
            rowOnWire[w] = w < n ? w : -1;
        }
        IntList a = new IntList();
        IntList b = new IntList();
        // Knuth's iterative form of Batcher's odd-even merge sort for p = 2^k wires.
        for (int q = 1; q < p; q <<= 1) {
            for (int k = q; k >= 1; k >>= 1) {
                for (int j = k % q; j + k < p; j += 2 * k) {
                    for (int i = 0; i < Math.min(k, p - j - k); i++) {
                        if ((i + j) / (2 * q) == (i + j + k) / (2 * q)) {
                            int wl = i + j;
                            int wh = i + j + k;
                            int rl = rowOnWire[wl];
                            int rh = rowOnWire[wh];
                            if (rh < 0) {
                                continue; // +∞ already on the high wire
                            }
                            if (rl < 0) { // +∞ moves up, the real value moves down
                                rowOnWire[wl] = rh;
                                rowOnWire[wh] = -1;
                                continue;
                            }
                            a.add(rl);
                            b.add(rh);
                        }
                    }
                }
            }
        }
        int[] rowOfRank = Arrays.copyOf(rowOnWire, n);
        boolean[] live = new boolean[n];
        for (int k = 0; k < bounds.length; k += 2) {
            for (int r = bounds[k]; r < bounds[k + 1]; r++) {
                live[rowOfRank[r]] = true;
            }
        }
        boolean[] keep = new boolean[a.size];
        int kept = 0;
        for (int k = a.size - 1; k >= 0; k--) {
            int rl = a.data[k];
            int rh = b.data[k];
            if (live[rl] || live[rh]) {
                keep[k] = true;
                live[rl] = true;
                live[rh] = true;
                kept++;
            }
        }
        int[] lo = new int[kept];
        int[] hi = new int[kept];
        for (int k = 0, o = 0; k < a.size; k++) {
            if (keep[k]) {
                lo[o] = a.data[k];
                hi[o] = b.data[k];
                o++;
            }
        }
        return new SortingNetwork(n, lo, hi, rowOfRank);
    }

    private static final class IntList {
        int[] data = new int[64];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }
}
