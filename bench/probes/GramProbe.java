import io.fedstream.job.aggregation.kernels.GramMatrix;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * Times GramMatrix.gram on n seeded uniform updates of length d and reports multiply-adds per
 * CPU-second of the calling thread (n(n+1)/2·d useful products), a figure that stays meaningful
 * on a machine loaded by other builds, where wall time does not. Single-threaded (args: n d).
 */
public class GramProbe {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        int d = Integer.parseInt(a[1]);
        float[][] x = Data.uniform(n, d);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 5; rep++) {
            long t = System.nanoTime();
            long cpu = mx.getCurrentThreadCpuTime();
            double[] g = GramMatrix.gram(x);
            double wall = (System.nanoTime() - t) / 1e6;
            double cs = (mx.getCurrentThreadCpuTime() - cpu) / 1e6;
            System.out.printf(
                    "wall %.1f ms cpu %.1f ms %.2f GMAC per cpu-s g00=%.4f%n",
                    wall, cs, (double) n * (n + 1) / 2 * d / cs / 1e6, g[0]);
        }
    }
}

class Data {
    static float[][] uniform(int n, int d) {
        SplittableRandom r = new SplittableRandom(1);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int c = 0; c < d; c++) {
                row[c] = (float) r.nextDouble();
            }
        }
        return x;
    }
}
