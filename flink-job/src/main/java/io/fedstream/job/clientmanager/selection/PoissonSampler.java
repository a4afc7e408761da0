package io.fedstream.job.clientmanager.selection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Poisson sampling of a round's clients: each registered client joins independently with
 * probability q. This is the sampling the RDP analysis of the subsampled Gaussian mechanism
 * assumes; a fixed-size sample would need the analysis of sampling without replacement.
 * Deterministic given (seed, round, the set of candidates).
 */
public final class PoissonSampler implements ClientSelection {
    private static final long serialVersionUID = 1L;

    private final double q;
    private final long seed;

    /**
     * @param q inclusion probability of each client
     * @param seed seed of the draws
     */
    public PoissonSampler(double q, long seed) {
        this.q = q;
        this.seed = seed;
    }

    @Override
    public List<String> select(Collection<String> candidates, long round) {
        return sample(candidates, q, seed, round);
    }

    public static List<String> sample(
            Collection<String> candidates, double q, long seed, long round) {
        List<String> pool = new ArrayList<>(candidates);
        pool.sort(null);
        SplittableRandom rng =
                new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (round * 0xBF58476D1CE4E5B9L));
        List<String> chosen = new ArrayList<>();
        for (String id : pool) {
            if (rng.nextDouble() < q) {
                chosen.add(id);
            }
        }
        return chosen;
    }
}
