package io.fedstream.job.aggregation.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.job.aggregation.kernels.GramKernel;
import io.fedstream.job.aggregation.kernels.GramMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BulyanTest {

    @Test
    void selectionIsIteratedKrumWorkedByHand() {
        // 1-D {0, 1, 2, 3, 4, 10, 100}, n = 7, f = 1, theta = 5. Ties go to the lower index.
        // s=7, k=4: 0:1+4+9+16=30  1:1+1+4+9=15  2:1+1+4+4=10  3:15  4:30  10:36+49+64+81=230
        //   -> pick index 2 (value 2)
        // s=6, k=3: 0:1+9+16=26  1:1+4+9=14  3:1+4+9=14  4:26  10:166 -> tie, pick index 1
        // s=5, k=2: 0:9+16=25  3:1+9=10  4:1+16=17  10:36+49=85 -> pick index 3
        // s=4, k=1: 0:16  4:16  10:36  100:8100 -> tie, pick index 0
        // s=3, k=max(1,0)=1: 4:36  10:36  100:8100 -> tie, pick index 4
        float[][] x = {{0}, {1}, {2}, {3}, {4}, {10}, {100}};
        Bulyan rule = new Bulyan(1);
        assertThat(rule.select(GramMatrix.pairwiseSquaredDistances(x), 7))
                .containsExactly(2, 1, 3, 0, 4);
        // phase 2: {0,1,2,3,4}, median 2, beta = 3 closest: {1,2,3} -> 2
        assertThat(rule.aggregate(x, null)).containsExactly(2f);
    }

    @Test
    void phaseTwoAveragesTheBetaValuesClosestToTheMedian() {
        // theta = 5, f = 1, beta = 3
        // coordinate 0: {0, 1, 2, 10, 11}, median 2, distances 2,1,0,8,9 -> {0,1,2} -> 1
        // coordinate 1: {-9, 5, 6, 7, 100}, median 6, distances 15,1,0,1,94 -> {5,6,7} -> 6
        // coordinate 2: {-100, -3, 0, 1, 2}, median 0, distances 100,3,0,1,2 -> {0,1,2} -> 1
        float[][] x = {{10, 100, 2}, {0, 5, -100}, {2, -9, 0}, {11, 7, 1}, {1, 6, -3}};
        assertThat(new Bulyan(1).combine(x, new int[] {0, 1, 2, 3, 4}))
                .containsExactly(new float[] {1f, 6f, 1f}, within(1e-6f));
    }

    @Test
    void phaseTwoWhenTheWindowIsShorterThanItsRange() {
        // theta = 7, f = 2, beta = 3: the window start l can be 0..4, past beta.
        // {-50, 0, 1, 2, 9, 10, 11}, median 2, distances 52,2,1,0,7,8,9 -> {0,1,2} -> 1
        // {-3, -2, -1, 0, 1, 20, 30}, median 0, distances 3,2,1,0,1,20,30 -> {-1,0,1} -> 0
        // {1, 2, 3, 4, 40, 41, 42}, median 4, distances 3,2,1,0,36,37,38 -> {2,3,4} -> 3
        float[][] x = {
            {11, 30, 42}, {-50, -3, 1}, {2, 0, 4}, {9, 1, 40}, {0, -2, 2}, {10, 20, 41}, {1, -1, 3}
        };
        assertThat(new Bulyan(2).combine(x, Fixtures.all(7))).containsExactly(1f, 0f, 3f);
    }

    @Test
    void phaseTwoWithEvenThetaUsesTheMeanOfTheMiddleTwo() {
        // theta = 6, f = 1, beta = 4: {0, 1, 2, 6, 7, 30}, median (2+6)/2 = 4,
        // distances 4,3,2,2,3,26 -> {1,2,6,7} -> 4
        float[][] x = {{30}, {0}, {7}, {1}, {6}, {2}};
        assertThat(new Bulyan(1).combine(x, Fixtures.all(6))).containsExactly(4f);
    }

    @Test
    void phaseTwoOnThreadsEqualsOneThreadAndAColumnByColumnReference() {
        // theta = 47, f = 5, beta = 37; d = 9001 is several sorter blocks, split unevenly.
        int f = 5;
        float[][] x = Fixtures.gaussian(new Random(41), 47, 9001, 0, 1);
        int[] all = Fixtures.all(47);
        float[] three = new Bulyan(f, GramKernel.JAVA, 3).combine(x, all);
        assertThat(three).containsExactly(new Bulyan(f, GramKernel.JAVA, 1).combine(x, all));
        for (int c = 0; c < x[0].length; c += 97) {
            // The beta sorted values with the smallest total distance to the median.
            double[] col = Fixtures.column(x, c);
            double median = col[23]; // theta = 47 is odd
            int beta = 47 - 2 * f;
            double best = Double.MAX_VALUE;
            double mean = 0;
            for (int l = 0; l + beta <= col.length; l++) {
                double dist = 0;
                double sum = 0;
                for (int r = l; r < l + beta; r++) {
                    dist += Math.abs(col[r] - median);
                    sum += col[r];
                }
                if (dist < best) {
                    best = dist;
                    mean = sum / beta;
                }
            }
            assertThat((double) three[c]).as("coordinate %d", c).isCloseTo(mean, within(1e-6));
        }
    }

    /** Bulyan's selection recomputed from scratch after every removal. */
    private static int[] naiveSelect(float[][] x, int f) {
        int n = x.length;
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            left.add(i);
        }
        int[] out = new int[n - 2 * f];
        for (int t = 0; t < out.length; t++) {
            int s = left.size();
            int k = Math.max(1, s - f - 2);
            int best = -1;
            double bestScore = Double.POSITIVE_INFINITY;
            for (int i : left) {
                double[] d = new double[s - 1];
                int o = 0;
                for (int j : left) {
                    if (j != i) {
                        d[o++] = Fixtures.naiveSquaredDistance(x[i], x[j]);
                    }
                }
                Arrays.sort(d);
                double score = 0;
                for (int q = 0; q < Math.min(k, d.length); q++) {
                    score += d[q];
                }
                if (score < bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            out[t] = best;
            left.remove(Integer.valueOf(best));
        }
        return out;
    }

    @Test
    void incrementalSelectionMatchesRecomputingScores() {
        Random rnd = new Random(51);
        for (int trial = 0; trial < 20; trial++) {
            int f = rnd.nextInt(5);
            int n = 4 * f + 3 + rnd.nextInt(10);
            float[][] x = Fixtures.gaussian(rnd, n, 8, 0, 1);
            for (int a = 0; a < f; a++) {
                x[rnd.nextInt(n)][0] += 20;
            }
            assertThat(new Bulyan(f).select(GramMatrix.pairwiseSquaredDistances(x), n))
                    .as("trial %d n=%d f=%d", trial, n, f)
                    .containsExactly(naiveSelect(x, f));
        }
    }

    @Test
    void staysNearTheHonestMeanWhenAttackersAreFar() {
        Random rnd = new Random(52);
        int f = 3;
        int n = 4 * f + 3 + 5;
        float[][] x = Fixtures.gaussian(rnd, n, 500, 0, 1);
        for (int a = 0; a < f; a++) {
            Arrays.fill(x[a], -1e6f);
        }
        float[] out = new Bulyan(f).aggregate(x, null);
        double sq = 0;
        for (float v : out) {
            sq += v * v;
        }
        // honest mean of 17 unit Gaussians is ~N(0, 1/17) per coordinate; Bulyan adds some
        // variance but nothing near the attackers' 1e6.
        assertThat(Math.sqrt(sq / out.length)).isLessThan(1.0);
    }

    @Test
    void refusesARoundSmallerThan4fPlus3() {
        assertThatThrownBy(() -> new Bulyan(2).aggregate(new float[10][4], null))
                .isInstanceOf(RoundTooSmallException.class)
                .hasMessage("bulyan needs n >= 4f+3: n=10, f=2 (at least 11 updates)");
        assertThat(new Bulyan(2).minUpdates()).isEqualTo(11);
    }

    @Test
    void withFZeroIsThePlainMean() {
        float[][] x = {{1, 5}, {2, 7}, {6, 0}};
        // (1+2+6)/3 = 3, (5+7+0)/3 = 4
        assertThat(new Bulyan(0).aggregate(x, null)).containsExactly(3f, 4f);
    }
}
