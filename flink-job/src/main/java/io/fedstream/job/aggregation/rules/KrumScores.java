package io.fedstream.job.aggregation.rules;

import java.util.Arrays;

/**
 * Krum scores from a matrix of pairwise squared distances (row-major n×n): the score of update i is
 * the sum of its k smallest distances to the other updates. Package-private.
 */
final class KrumScores {
    private KrumScores() {}

    /** Score of every update over its k nearest others, summed in ascending order. */
    static double[] scores(double[] dist, int n, int k) {
        double[] out = new double[n];
        double[] row = new double[Math.max(0, n - 1)];
        for (int i = 0; i < n; i++) {
            int o = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    row[o++] = dist[i * n + j];
                }
            }
            Arrays.sort(row);
            double s = 0;
            for (int q = 0; q < k; q++) {
                s += row[q];
            }
            out[i] = s;
        }
        return out;
    }

    /** Indices of the m lowest scores, lowest first; ties go to the lower index. */
    static int[] lowest(double[] scores, int m) {
        int[] idx = new int[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        sortByKey(idx, scores, 0);
        return Arrays.copyOf(idx, m);
    }

    /**
     * Bulyan's selection phase: θ times, pick the update with the lowest Krum score among those
     * left (over its max(1, s−f−2) nearest, s = updates left) and remove it from the set.
     *
     * <p>Recomputing scores after each removal would cost O(n²) per step, O(n³) in all. Instead
     * every row keeps its neighbours sorted once (O(n² log n)) and a cut in that order holding
     * exactly k live neighbours; a removal changes each score by one or two distances and moves
     * each cut by amortised O(1), so the whole phase is O(n²) after the sort.
     */
    static int[] iterativeKrum(double[] dist, int n, int f, int theta) {
        int[][] order = new int[n][];
        int[] rank = new int[n * n];
        for (int i = 0; i < n; i++) {
            order[i] = neighboursByDistance(dist, n, i);
            for (int p = 0; p < n - 1; p++) {
                rank[i * n + order[i][p]] = p;
            }
        }
        boolean[] live = new boolean[n];
        Arrays.fill(live, true);
        int s = n;
        int k = neighbours(s, f);
        int[] cut = new int[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int p = 0; p < k; p++) {
                sum += dist[i * n + order[i][p]];
            }
            score[i] = sum;
            cut[i] = k;
        }
        int[] selected = new int[theta];
        for (int t = 0; t < theta; t++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (live[i] && (best < 0 || score[i] < score[best])) {
                    best = i;
                }
            }
            selected[t] = best;
            live[best] = false;
            s--;
            int newK = neighbours(s, f);
            for (int i = 0; i < n; i++) {
                if (!live[i]) {
                    continue;
                }
                int[] ord = order[i];
                int o = i * n;
                int count = k;
                int c = cut[i];
                double sc = score[i];
                if (rank[o + best] < c) {
                    sc -= dist[o + best];
                    count--;
                }
                while (count > newK) {
                    c--;
                    if (live[ord[c]]) {
                        sc -= dist[o + ord[c]];
                        count--;
                    }
                }
                while (count < newK) {
                    if (live[ord[c]]) {
                        sc += dist[o + ord[c]];
                        count++;
                    }
                    c++;
                }
                cut[i] = c;
                score[i] = sc;
            }
            k = newK;
        }
        return selected;
    }

    /** Neighbours counted in a score when s updates are left: max(1, s−f−2), at most s−1. */
    static int neighbours(int s, int f) {
        return Math.max(0, Math.min(s - 1, Math.max(1, s - f - 2)));
    }

    /** The other indices of row i, sorted by distance (ties by index). */
    private static int[] neighboursByDistance(double[] dist, int n, int i) {
        int[] idx = new int[n - 1];
        for (int j = 0, o = 0; j < n; j++) {
            if (j != i) {
                idx[o++] = j;
            }
        }
        sortByKey(idx, dist, i * n);
        return idx;
    }

    /** Stable merge sort of indices by key[base + index]; ties keep their (ascending) order. */
    static void sortByKey(int[] idx, double[] key, int base) {
        int[] tmp = new int[idx.length];
        for (int width = 1; width < idx.length; width *= 2) {
            for (int lo = 0; lo < idx.length; lo += 2 * width) {
                int mid = Math.min(lo + width, idx.length);
                int hi = Math.min(lo + 2 * width, idx.length);
                int a = lo;
                int b = mid;
                int o = lo;
                while (a < mid && b < hi) {
                    tmp[o++] = key[base + idx[b]] < key[base + idx[a]] ? idx[b++] : idx[a++];
                }
                while (a < mid) {
                    tmp[o++] = idx[a++];
                }
                while (b < hi) {
                    tmp[o++] = idx[b++];
                }
            }
            System.arraycopy(tmp, 0, idx, 0, idx.length);
        }
    }
}
