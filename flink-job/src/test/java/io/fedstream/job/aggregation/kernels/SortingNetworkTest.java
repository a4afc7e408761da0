package io.fedstream.job.aggregation.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortingNetworkTest {

    /** Applies the network to one column the slow, obvious way. */
    private static float[] run(SortingNetwork net, float[] values) {
        float[] v = values.clone();
        for (int k = 0; k < net.size(); k++) {
            int a = net.lo[k];
            int b = net.hi[k];
            float lo = Math.min(v[a], v[b]);
            float hi = Math.max(v[a], v[b]);
            v[a] = lo;
            v[b] = hi;
        }
        float[] byRank = new float[v.length];
        for (int r = 0; r < v.length; r++) {
            byRank[r] = v[net.rowOfRank[r]];
        }
        return byRank;
    }

    @Test
    void fullNetworkSortsEverySizeUpTo70AndSomeLargeOnes() {
        Random rnd = new Random(7);
        int[] sizes = new int[74];
        for (int n = 1; n <= 70; n++) {
            sizes[n - 1] = n;
        }
        sizes[70] = 100;
        sizes[71] = 129;
        sizes[72] = 255;
        sizes[73] = 1000;
        for (int n : sizes) {
            SortingNetwork net = SortingNetwork.forRanks(n, 0, n);
            for (int trial = 0; trial < 5; trial++) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    // few distinct values half the time, to exercise ties
                    v[i] = trial % 2 == 0 ? rnd.nextInt(4) : (float) rnd.nextGaussian();
                }
                float[] expected = v.clone();
                Arrays.sort(expected);
                assertThat(run(net, v)).as("n=%d", n).containsExactly(expected);
            }
        }
    }

    @Test
    void medianNetworkIsSmallerAndStillPlacesTheMiddleRanks() {
        Random rnd = new Random(8);
        for (int n : new int[] {9, 10, 100, 101}) {
            SortingNetwork full = SortingNetwork.forRanks(n, 0, n);
            SortingNetwork mid = SortingNetwork.forRanks(n, (n - 1) / 2, n / 2 + 1);
            assertThat(mid.size()).isLessThan(full.size());
            for (int trial = 0; trial < 20; trial++) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) rnd.nextGaussian();
                }
                float[] sorted = v.clone();
                Arrays.sort(sorted);
                float[] out = run(mid, v);
                assertThat(out[(n - 1) / 2]).isEqualTo(sorted[(n - 1) / 2]);
                assertThat(out[n / 2]).isEqualTo(sorted[n / 2]);
            }
        }
    }
}
