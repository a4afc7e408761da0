package io.fedstream.job.aggregation.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.job.aggregation.kernels.GramMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KrumTest {

    // 1-D updates {0, 1, 2, 3.5, 100}, n = 5, f = 1, so each score sums the n-f-2 = 2 nearest:
    //   0:   1, 4 (to 1, 2)          -> 5
    //   1:   1, 1 (to 0, 2)          -> 2
    //   2:   1, 2.25 (to 1, 3.5)     -> 3.25
    //   3.5: 2.25, 6.25 (to 2, 1)    -> 8.5
    //   100: 9312.25, 9604 (3.5, 2)  -> 18916.25
    static final float[][] LINE = {{0}, {1}, {2}, {3.5f}, {100}};

    @Test
    void selectsTheUpdateWithTheLowestScore() {
        assertThat(new Krum(1).aggregate(LINE, null)).containsExactly(1f);
    }

    @Test
    void returnsACopyNotTheInput() {
        float[] out = new Krum(1).aggregate(LINE, null);
        out[0] = 42;
        assertThat(LINE[1][0]).isEqualTo(1f);
    }

    @Test
    void multiKrumAveragesTheMBestScores() {
        // best three: 1 (2), 2 (3.25), 0 (5) -> (1+2+0)/3 = 1; best two -> (1+2)/2 = 1.5
        assertThat(new MultiKrum(1, 3).aggregate(LINE, null)).containsExactly(1f);
        assertThat(new MultiKrum(1, 2).aggregate(LINE, null)).containsExactly(1.5f);
        assertThat(new MultiKrum(1, 1).aggregate(LINE, null)).containsExactly(1f);
    }

    @Test
    void multiKrumAveragesAtMostNMinusF() {
        // m = 5 > n - f = 4: the four best, (1+2+0+3.5)/4 = 1.625
        assertThat(new MultiKrum(1, 5).select(GramMatrix.pairwiseSquaredDistances(LINE), 5))
                .containsExactly(1, 2, 0, 3);
        assertThat(new MultiKrum(1, 5).aggregate(LINE, null)).containsExactly(1.625f);
    }

    @Test
    void selectsAnHonestUpdateWhenAttackersAreFar() {
        Random rnd = new Random(41);
        for (int f = 0; f <= 5; f++) {
            int n = 2 * f + 3 + rnd.nextInt(3);
            float[][] x = Fixtures.gaussian(rnd, n, 64, 0, 1);
            int first = rnd.nextInt(n - f + 1); // attackers at [first, first+f)
            for (int a = first; a < first + f; a++) {
                // colluding attackers: identical, so their mutual distances are 0
                for (int c = 0; c < 64; c++) {
                    x[a][c] = 1000f + c;
                }
            }
            float[] out = new Krum(f).aggregate(x, null);
            int chosen = -1;
            for (int i = 0; i < n; i++) {
                if (java.util.Arrays.equals(x[i], out)) {
                    chosen = i;
                }
            }
            assertThat(chosen).as("f=%d n=%d", f, n).isNotNegative();
            assertThat(chosen < first || chosen >= first + f).as("honest pick").isTrue();
        }
    }

    @Test
    void refusesARoundOfAtMost2fPlus2() {
        assertThatThrownBy(() -> new Krum(2).aggregate(new float[6][3], null))
                .isInstanceOf(RoundTooSmallException.class)
                .hasMessage("krum needs n > 2f+2: n=6, f=2 (at least 7 updates)");
        assertThatThrownBy(() -> new MultiKrum(1, 2).aggregate(new float[4][3], null))
                .isInstanceOf(RoundTooSmallException.class)
                .hasMessage("multi-krum needs n > 2f+2: n=4, f=1 (at least 5 updates)");
        assertThat(new Krum(2).minUpdates()).isEqualTo(7);
    }
}
