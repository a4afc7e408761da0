package io.fedstream.job.clientmanager.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PoissonSamplerTest {
    private static final int N = 200;
    private static final double Q = 0.1;
    private static final int ROUNDS = 2_000;

    private static List<String> clients(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("c%03d", i)).toList();
    }

    @Test
    void sampleSizesFollowTheBinomialOfNAndQ() {
        // Each of N clients joins independently with probability q, so a round's size is
        // Binomial(N, q): mean Nq = 20, variance Nq(1-q) = 18. Over 2,000 rounds the sample mean
        // has sd sqrt(18 / 2000) = 0.095 and the sample variance sd about 18 sqrt(2 / 1999) = 0.57
        // (normal approximation); the bounds are 5 sd. A fixed-size sample of 20 would have
        // variance 0, an empty one mean 0.
        List<String> ids = clients(N);
        double sum = 0;
        double sumOfSquares = 0;
        for (long round = 1; round <= ROUNDS; round++) {
            List<String> sample = PoissonSampler.sample(ids, Q, 11, round);
            assertThat(sample).doesNotHaveDuplicates();
            assertThat(ids).containsAll(sample);
            sum += sample.size();
            sumOfSquares += (double) sample.size() * sample.size();
        }
        double mean = sum / ROUNDS;
        double variance = (sumOfSquares - ROUNDS * mean * mean) / (ROUNDS - 1);
        assertThat(mean).as("mean sample size").isBetween(20 - 0.48, 20 + 0.48);
        assertThat(variance).as("variance of the sample size").isBetween(18 - 2.85, 18 + 2.85);
    }

    @Test
    void everyClientJoinsAboutQOfTheRounds() {
        // Per client: Binomial(2000, 0.1), mean 200, sd sqrt(2000 * 0.1 * 0.9) = 13.4; 5 sd = 67.
        List<String> ids = clients(N);
        Map<String, Integer> counts = new HashMap<>();
        for (long round = 1; round <= ROUNDS; round++) {
            for (String id : PoissonSampler.sample(ids, Q, 11, round)) {
                counts.merge(id, 1, Integer::sum);
            }
        }
        assertThat(counts).hasSize(N);
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(200 - 67, 200 + 67));
    }

    @Test
    void sameSeedRoundAndCandidatesGiveTheSameMembersWhateverTheOrder() {
        List<String> ids = clients(N);
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new java.util.Random(5));
        List<String> first = PoissonSampler.sample(ids, Q, 3, 9);
        assertThat(first).hasSizeBetween(5, 40);
        assertThat(PoissonSampler.sample(shuffled, Q, 3, 9)).isEqualTo(first);
        assertThat(PoissonSampler.sample(new HashSet<>(ids), Q, 3, 9)).isEqualTo(first);
    }

    @Test
    void otherSeedsGiveIndependentSamples() {
        // Two independent Poisson samples share each client with probability q^2 = 0.01: the
        // overlap is Binomial(200, 0.01), mean 2 (sd 1.41); over 1,000 seed pairs the mean overlap
        // has sd 0.045, bound 5 sd. Samples that were shifted or equal across seeds would overlap
        // by far more; no two of them should be equal.
        List<String> ids = clients(N);
        double overlap = 0;
        int pairs = 1_000;
        for (long seed = 0; seed < pairs; seed++) {
            Set<String> a = new HashSet<>(PoissonSampler.sample(ids, Q, seed, 4));
            List<String> b = PoissonSampler.sample(ids, Q, seed + pairs, 4);
            assertThat(new HashSet<>(b)).as("seeds %d and %d", seed, seed + pairs).isNotEqualTo(a);
            overlap += b.stream().filter(a::contains).count();
        }
        assertThat(overlap / pairs).isBetween(2 - 0.23, 2 + 0.23);
        assertThat(PoissonSampler.sample(ids, Q, 3, 9))
                .isNotEqualTo(PoissonSampler.sample(ids, Q, 3, 10));
    }

    @Test
    void probabilityZeroSelectsNoOneAndOneSelectsEveryone() {
        List<String> ids = clients(50);
        assertThat(PoissonSampler.sample(ids, 0, 1, 1)).isEmpty();
        assertThat(PoissonSampler.sample(ids, 1, 1, 1)).containsExactlyElementsOf(ids);
    }

    @Test
    void cutsADrawLargerThanARoundTaskCanListToAUniformSampleOfThatMany() {
        java.util.List<String> pool = new java.util.ArrayList<>();
        for (int i = 0; i < 3 * ClientSelection.MAX_SELECTED; i++) {
            pool.add(String.format("c%06d", i));
        }
        java.util.List<String> all = PoissonSampler.sample(pool, 1.0, 7, 1);
        assertThat(all).hasSize(ClientSelection.MAX_SELECTED).isSorted().doesNotHaveDuplicates();
        assertThat(pool).containsAll(all);
        assertThat(PoissonSampler.sample(pool, 1.0, 7, 1)).isEqualTo(all);
        // A uniform cut, not a prefix: the sorted pool's last third is represented.
        assertThat(all)
                .anyMatch(id -> id.compareTo(pool.get(2 * ClientSelection.MAX_SELECTED)) > 0);
    }
}
