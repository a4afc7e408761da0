package io.fedstream.job.aggregation.kernels;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work over disjoint coordinate ranges on threads, one range each: what parameter shards do, on one
 * machine. The first range runs on the calling thread, the others on a shared pool of daemon
 * threads that are kept for a minute after their last task. Package-private.
 *
 * <p>The pool is shared and kept, not made for each call: that saves the thread starts, about 1 ms
 * of a 28 ms Bulyan round at n = 100 on two cores (JMH A/B in docs/performance.md).
 *
 * <p>In a TaskManager the pool belongs to the job's user-code class loader; its threads end after a
 * minute without work, so they hold a finished job's class loader for at most that long.
 */
public final class CoordinateParts {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private static final ExecutorService POOL =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t =
                                new Thread(
                                        r,
                                        "fedstream-coordinate-part-" + THREADS.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });

    /** Work on coordinates [from, to). */
    public interface RangeWork {
        void run(int from, int to);
    }

    /** A partial matrix (or any vector of sums) over coordinates [from, to). */
    public interface RangeSum {
        double[] apply(int from, int to);
    }

    private CoordinateParts() {}

    /**
     * Bounds that split [from, to) into {@code parts} ranges; inner bounds are {@code from} plus a
     * multiple of {@code align}.
     */
    public static int[] cuts(int from, int to, int parts, int align) {
        int[] cuts = new int[parts + 1];
        cuts[0] = from;
        for (int p = 1; p < parts; p++) {
            cuts[p] = from + (int) ((long) (to - from) * p / parts / align) * align;
        }
        cuts[parts] = to;
        return cuts;
    }

    /** Runs {@code work} on every [cuts[p], cuts[p+1]), each on its own thread. */
    public static void run(int[] cuts, RangeWork work) {
        sum(
                cuts,
                (from, to) -> {
                    work.run(from, to);
                    return new double[0];
                });
    }

    /** The element-wise sum of {@code part} over every [cuts[p], cuts[p+1]). */
    public static double[] sum(int[] cuts, RangeSum part) {
        int parts = cuts.length - 1;
        if (parts == 1) {
            return part.apply(cuts[0], cuts[1]);
        }
        @SuppressWarnings("unchecked")
        Future<double[]>[] rest = new Future[parts - 1];
        try {
            for (int p = 1; p < parts; p++) {
                int from = cuts[p];
                int to = cuts[p + 1];
                rest[p - 1] = POOL.submit(() -> part.apply(from, to));
            }
            double[] total = part.apply(cuts[0], cuts[1]);
            for (Future<double[]> f : rest) {
                double[] v = f.get();
                for (int q = 0; q < total.length; q++) {
                    total[q] += v[q];
                }
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working on coordinate ranges", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a coordinate-range worker failed", e.getCause());
        } finally {
            for (Future<double[]> f : rest) {
                if (f != null) {
                    f.cancel(true);
                }
            }
        }
    }
}
