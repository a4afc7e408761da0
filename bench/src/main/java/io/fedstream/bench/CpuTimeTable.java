package io.fedstream.bench;

import io.fedstream.job.aggregation.WeightedMean;
import io.fedstream.job.aggregation.rules.RobustRule;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rules of {@link RuleBenchmark} timed by the CPU time of the calling thread instead of wall
 * time, and the bandwidth floor timed the same way in the same JVM right before each shape. On a
 * machine shared with other builds a thread's wall time includes the time it waits for a core; its
 * CPU time does not, so these ratios stay comparable to a quiet machine (memory and cache
 * contention from the other processes still count). Single-threaded rules only. Not a JMH
 * benchmark: each cell is the median (the upper one of two) CPU time of at least 2 measured rounds
 * after warm-up rounds totalling at least 1 s of CPU (at least one round).
 *
 * <p>Run: {@code ./fedstream bench jmh} builds the jar; then {@code java -Xmx3g -cp
 * bench/target/benchmarks.jar io.fedstream.bench.CpuTimeTable [shapes] [rules]} with
 * comma-separated lists (defaults: all of RuleBenchmark's single-threaded cells).
 */
public final class CpuTimeTable {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private CpuTimeTable() {}

    public static void main(String[] args) {
        String[] shapes =
                args.length > 0
                        ? args[0].split(",")
                        : new String[] {"10x101770", "100x101770", "1000x101770", "100x1000000"};
        String[] rules =
                args.length > 1
                        ? args[1].split(",")
                        : new String[] {
                            "fedavg",
                            "fedavg-streaming",
                            "norm-bound+fedavg",
                            "median",
                            "trimmed-mean",
                            "krum",
                            "multi-krum",
                            "bulyan",
                            "geomed",
                            "centered-clipping"
                        };
        float[] big = new float[(int) (BandwidthFloor.BYTES / 4)];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) rnd.nextDouble();
        }
        List<String> lines = new ArrayList<>();
        lines.add("| shape | rule | CPU ms per round | floor ms (GB/s per CPU-s) | × floor |");
        lines.add("|---|---|---:|---:|---:|");
        for (String shape : shapes) {
            String[] nd = shape.split("x");
            int n = Integer.parseInt(nd[0]);
            int d = Integer.parseInt(nd[1]);
            float[][] updates = RuleBenchmark.gaussian(n, d, 42);
            double[] weights = new double[n];
            SplittableRandom w = new SplittableRandom(43);
            for (int k = 0; k < n; k++) {
                weights[k] = 50 + w.nextInt(100);
            }
            double floorMsPerByte = floorCpuMs(big) / BandwidthFloor.BYTES;
            double floorMs = floorMsPerByte * 4.0 * n * d;
            double gbps = 1.0 / floorMsPerByte / 1e6;
            for (String rule : rules) {
                RobustRule r = rule.equals("fedavg-streaming") ? null : Rules.create(rule, n);
                double ms = cpuMsPerRound(() -> run(r, updates, weights));
                String line =
                        String.format(
                                "| %s | %s | %.1f | %.2f (%.1f) | %.1f× |",
                                shape, rule, ms, floorMs, gbps, ms / floorMs);
                System.out.println(line);
                lines.add(line);
            }
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    private static float[] run(RobustRule rule, float[][] updates, double[] weights) {
        if (rule == null) {
            WeightedMean mean = new WeightedMean(updates[0].length);
            for (int k = 0; k < updates.length; k++) {
                mean.add(updates[k], weights[k]);
            }
            return mean.mean();
        }
        return rule.aggregate(updates, weights);
    }

    /** Median CPU ms of 5 reads of the 256 MiB array, after 2 warm-up reads. */
    private static double floorCpuMs(float[] big) {
        BandwidthFloor f = new BandwidthFloor();
        f.useData(big);
        double[] t = new double[7];
        double sink = 0;
        for (int rep = 0; rep < t.length; rep++) {
            long c = MX.getCurrentThreadCpuTime();
            sink += f.sumFloats();
            t[rep] = (MX.getCurrentThreadCpuTime() - c) / 1e6;
        }
        if (sink == 42) {
            System.out.print("");
        }
        double[] measured = Arrays.copyOfRange(t, 2, t.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }

    private interface Round {
        float[] run();
    }

    private static double cpuMsPerRound(Round round) {
        double warm = 0;
        int warmRounds = 0;
        while (warm < 1000 || warmRounds < 1) {
            long c = MX.getCurrentThreadCpuTime();
            round.run();
            warm += (MX.getCurrentThreadCpuTime() - c) / 1e6;
            warmRounds++;
        }
        List<Double> t = new ArrayList<>();
        double total = 0;
        while (t.size() < 2 || (total < 2000 && t.size() < 50)) {
            long c = MX.getCurrentThreadCpuTime();
            float[] out = round.run();
            double ms = (MX.getCurrentThreadCpuTime() - c) / 1e6;
            if (out.length == 0) {
                throw new IllegalStateException("empty aggregate");
            }
            t.add(ms);
            total += ms;
        }
        t.sort(null);
        return t.get(t.size() / 2);
    }
}
