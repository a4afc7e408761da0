package io.fedstream.edge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.data.Dataset;
import io.fedstream.edge.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionerTest {
    /** 6,000 examples over 10 classes with unequal class sizes (300 .. 840). */
    private static final Dataset DATA =
            TestData.withClassCounts(1, 300, 360, 420, 480, 540, 600, 660, 720, 840, 1080);

    @Test
    void sameSeedGivesSamePartitionAndAnotherSeedDoesNot() {
        for (Double alpha : new Double[] {null, 0.5}) {
            int[][] a = Partitioner.partition(DATA, 10, alpha, 10, 7);
            int[][] b = Partitioner.partition(DATA, 10, alpha, 10, 7);
            int[][] c = Partitioner.partition(DATA, 10, alpha, 10, 8);
            assertThat(b).as("alpha %s", alpha).isDeepEqualTo(a);
            assertThat(Arrays.deepEquals(a, c)).as("alpha %s", alpha).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, 0.05, 0.1, 1, 100})
    void assignsEveryIndexExactlyOnce(double alphaOrIid) {
        Double alpha = alphaOrIid < 0 ? null : alphaOrIid;
        int[][] parts = Partitioner.partition(DATA, 20, alpha, 10, 3);

        int[] seen = new int[DATA.size()];
        for (int[] part : parts) {
            for (int i : part) {
                seen[i]++;
            }
        }
        assertThat(parts.length).isEqualTo(20);
        assertThat(seen).containsOnly(1);
    }

    @Test
    void iidGivesEqualSizesAndGlobalLabelMix() {
        int[][] parts = Partitioner.partition(DATA, 7, null, 10, 11);

        double[] global = distribution(Partitioner.labels(DATA), 10);
        for (int[] part : parts) {
            // 6000 / 7 = 857 rest 1
            assertThat(part.length).isBetween(857, 858);
            // Sampling noise alone: E[TV] is about 0.04 for 857 draws over 10 classes.
            assertThat(tv(distribution(labelsOf(part), 10), global)).isLessThan(0.1);
        }
    }

    @Test
    void smallAlphaIsFarMoreSkewedThanLargeAlpha() {
        double skewed = meanTv(Partitioner.partition(DATA, 10, 0.1, 10, 5));
        double mild = meanTv(Partitioner.partition(DATA, 10, 100.0, 10, 5));

        assertThat(skewed).isGreaterThan(0.4);
        assertThat(mild).isLessThan(0.1);
        assertThat(skewed).isGreaterThan(5 * mild);
    }

    @ParameterizedTest
    @CsvSource({"0.05, 10, 10", "0.1, 20, 10", "0.5, 50, 25"})
    void everyClientGetsAtLeastTheMinimumSize(double alpha, int clients, int minSize) {
        int[][] parts = Partitioner.partition(DATA, clients, alpha, minSize, 9);

        assertThat(Arrays.stream(parts).mapToInt(p -> p.length).min().getAsInt())
                .isGreaterThanOrEqualTo(minSize);
    }

    @Test
    void givesUpWithAClearErrorWhenTheMinimumSizeCannotBeMet() {
        // Two classes and alpha 0.001: almost every draw gives a class to one client, so four
        // clients cannot all reach 1,000 of the 6,000 examples.
        Dataset twoClasses = TestData.withClassCounts(1, 3000, 3000);

        assertThatThrownBy(() -> Partitioner.partition(twoClasses, 4, 0.001, 1000, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("alpha=0.001")
                .hasMessageContaining("fewer than 1000 examples in each of 1000 attempts");
    }

    @Test
    void rejectsMoreClientsThanTheDataCanServe() {
        assertThatThrownBy(() -> Partitioner.partition(DATA, 700, 1.0, 10, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot give 700 clients at least 10 examples each from 6000 examples");
    }

    @Test
    void sliceOfClientsSharesTheUnderlyingExamples() {
        int[][] parts = Partitioner.partition(DATA, 4, null, 10, 2);

        var slice = Partitioner.subsets(DATA, parts, 1, 2);

        assertThat(slice).hasSize(2);
        assertThat(slice.get(0).size()).isEqualTo(parts[1].length);
        assertThat(slice.get(1).label(0)).isEqualTo(DATA.label(parts[2][0]));
    }

    private static double meanTv(int[][] parts) {
        double[] global = distribution(Partitioner.labels(DATA), 10);
        double sum = 0;
        for (int[] part : parts) {
            sum += tv(distribution(labelsOf(part), 10), global);
        }
        return sum / parts.length;
    }

    private static int[] labelsOf(int[] part) {
        int[] y = new int[part.length];
        for (int i = 0; i < part.length; i++) {
            y[i] = DATA.label(part[i]);
        }
        return y;
    }

    private static double[] distribution(int[] labels, int classes) {
        double[] p = new double[classes];
        for (int y : labels) {
            p[y] += 1.0 / labels.length;
        }
        return p;
    }

    private static double tv(double[] p, double[] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += Math.abs(p[i] - q[i]);
        }
        return sum / 2;
    }
}
