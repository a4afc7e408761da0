package io.fedstream.bench;

import io.fedstream.job.aggregation.kernels.SortingNetwork;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The row copy and the pruned sorting network of Bulyan's phase 2 at n = 100 (θ = 80 inputs, ranks
 * [0, 20), 39-40 and [60, 80)) over d = 101,770 coordinates in blocks of {@code block}, on one
 * thread: the network's compare-exchanges as plain loops of {@code Math.min/max} on float rows
 * ({@code keys} = "float") or on the sortable int bit patterns of the floats ("int", the conversion
 * included). Seeded updates uniform in [-0.5, 0.5). Rounds 26-30 of 30 are measured (25 warm-up
 * iterations, 5 measured). JVM flags such as {@code -XX:UseAVX=2} or {@code -XX:MaxVectorSize=32}
 * go in {@code -jvmArgsAppend}.
 *
 * <p>{@code ranks} lists the needed rank ranges as "from-to" pairs; the set-up also prints the
 * network's size for the other rank sets the docs quote (all 80 ranks, the median, the minimum and
 * maximum).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 25)
@Measurement(iterations = 5)
@State(Scope.Benchmark)
public class SortingNetworkBenchmark {
    private static final int N = 80;
    private static final int D = 101_770;

    @Param({"float", "int"})
    public String keys;

    @Param({"3264"})
    public int block;

    @Param({"0-20,39-41,60-80"})
    public String ranks;

    private float[][] x;
    private float[][] floatBlock;
    private int[][] intBlock;
    private int[] lo;
    private int[] hi;

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        if (!keys.equals("float") && !keys.equals("int")) {
            throw new IllegalArgumentException("keys '" + keys + "': expected float or int");
        }
        SortingNetwork network = SortingNetwork.forRankRanges(N, bounds(ranks));
        lo = intField(network, "lo");
        hi = intField(network, "hi");
        System.out.printf("%nranks %s of %d: %d compare-exchanges%n", ranks, N, network.size());
        for (int[] other : new int[][] {{0, N}, {N / 2 - 1, N / 2 + 1}, {0, 1, N - 1, N}}) {
            System.out.printf(
                    "ranks %s of %d: %d compare-exchanges%n",
                    Arrays.toString(other), N, SortingNetwork.forRankRanges(N, other).size());
        }
        x = SeededUpdates.uniform(N, D, 1, -0.5);
        floatBlock = new float[N][block];
        intBlock = new int[N][block];
    }

    /** "0-20,39-41" to {0, 20, 39, 41}. */
    static int[] bounds(String ranks) {
        String[] pairs = ranks.split(",");
        int[] bounds = new int[2 * pairs.length];
        for (int k = 0; k < pairs.length; k++) {
            String[] fromTo = pairs[k].split("-");
            if (fromTo.length != 2) {
                throw new IllegalArgumentException(
                        "ranks '" + ranks + "': expected from-to pairs, e.g. 0-20,39-41,60-80");
            }
            bounds[2 * k] = Integer.parseInt(fromTo[0]);
            bounds[2 * k + 1] = Integer.parseInt(fromTo[1]);
        }
        return bounds;
    }

    /** The network's compare-exchange rows are package-private in the job. */
    private static int[] intField(SortingNetwork network, String name)
            throws ReflectiveOperationException {
        Field field = SortingNetwork.class.getDeclaredField(name);
        field.setAccessible(true);
        return (int[]) field.get(network);
    }

    @Benchmark
    public int network() {
        return keys.equals("float") ? floats() : ints();
    }

    private int floats() {
        for (int c0 = 0; c0 < D; c0 += block) {
            int len = Math.min(block, D - c0);
            for (int i = 0; i < N; i++) {
                System.arraycopy(x[i], c0, floatBlock[i], 0, len);
            }
            for (int k = 0; k < lo.length; k++) {
                compareExchange(floatBlock[lo[k]], floatBlock[hi[k]], len);
            }
        }
        return Float.floatToRawIntBits(floatBlock[0][0]);
    }

    private int ints() {
        for (int c0 = 0; c0 < D; c0 += block) {
            int len = Math.min(block, D - c0);
            for (int i = 0; i < N; i++) {
                float[] s = x[i];
                int[] o = intBlock[i];
                for (int c = 0; c < len; c++) {
                    int b = Float.floatToRawIntBits(s[c0 + c]);
                    o[c] = b ^ ((b >> 31) & 0x7fffffff);
                }
            }
            for (int k = 0; k < lo.length; k++) {
                compareExchange(intBlock[lo[k]], intBlock[hi[k]], len);
            }
        }
        return intBlock[0][0];
    }

    private static void compareExchange(float[] a, float[] b, int len) {
        for (int c = 0; c < len; c++) {
            float u = a[c];
            float v = b[c];
            a[c] = Math.min(u, v);
            b[c] = Math.max(u, v);
        }
    }

    private static void compareExchange(int[] a, int[] b, int len) {
        for (int c = 0; c < len; c++) {
            int u = a[c];
            int v = b[c];
            a[c] = Math.min(u, v);
            b[c] = Math.max(u, v);
        }
    }
}
