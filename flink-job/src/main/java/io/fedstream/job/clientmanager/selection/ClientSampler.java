package io.fedstream.job.clientmanager.selection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded uniform sampling without replacement of the clients of a round. The result depends only on
 * (seed, round, the set of candidates), not on the order candidates were seen, so a restored job
 * selects the same clients again.
 */
public final class ClientSampler implements ClientSelection {
    private static final long serialVersionUID = 1L;

    private final int k;
    private final long seed;

    /**
     * @param k clients per round
     * @param seed seed of the draws
     */
    public ClientSampler(int k, long seed) {
        this.k = k;
        this.seed = seed;
    }

    @Override
    public List<String> select(Collection<String> candidates, long round) {
        return sample(candidates, k, seed, round);
    }

    public static List<String> sample(Collection<String> candidates, int k, long seed, long round) {
        List<String> pool = new ArrayList<>(candidates);
        pool.sort(null);
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + round);
        int n = Math.min(k, pool.size());
        // Partial Fisher-Yates: the first n positions become a uniform sample.
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(pool.size() - i);
            String t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        List<String> chosen = new ArrayList<>(pool.subList(0, n));
        chosen.sort(null);
        return chosen;
    }
}
