package io.fedstream.job.clientmanager.selection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Poisson sampling of a round's clients: each registered client joins independently with
 * probability q. This is the sampling the RDP analysis of the subsampled Gaussian mechanism
 * assumes; a fixed-size sample would need the analysis of sampling without replacement.
 * Deterministic given (seed, round, the set of candidates). A draw of more than {@link
 * #MAX_SELECTED} clients (only possible when q times the registry size approaches it) is cut down
 * to a uniform sample of that many, so a round task always fits a record. Such a round is no longer
 * Poisson sampling, which the privacy analysis assumes: keep q times the registry cap ({@code
 * max-registered-clients}) well below the limit (at half of it, a Chernoff bound puts the chance of
 * a cut below e^-1600 per round).
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
        if (chosen.size() > MAX_SELECTED) {
            // A round task must fit one record. With a registry of at most N clients the draw is
            // Binomial(N, q); it exceeds MAX_SELECTED only if q N is near it (documented limit).
            // Keep a uniform sample of the draw, still a function of (seed, round, candidates).
            return ClientSampler.sample(chosen, MAX_SELECTED, seed ^ 0x5DEECE66DL, round);
        }
        return chosen;
    }
}
