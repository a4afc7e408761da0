import io.fedstream.job.aggregation.kernels.GramKernel;
import io.fedstream.job.aggregation.kernels.GramMatrix;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * Probe: best wall time and best process CPU time (OpenBLAS threads included; Linux counts it in
 * 10 ms steps) of GramMatrix.gram by each kernel. Run after mvn package:
 * java -Xmx6g [-Dfedstream.gram.threads=1] -cp "flink-job/target/classes:$OPENBLAS_CP:$SLF4J"
 * bench/probes/GramKernelProbe.java n d reps BLAS,JAVA
 */
public class GramKernelProbe {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]), d = Integer.parseInt(a[1]), reps = Integer.parseInt(a[2]);
    SplittableRandom r = new SplittableRandom(1);
    float[][] x = new float[n][d];
    for (float[] row : x) for (int c = 0; c < d; c++) row[c] = (float) (r.nextDouble() - 0.5);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (String k : a[3].split(",")) {
      GramKernel kernel = GramKernel.valueOf(k);
      double best = 1e18, bestCpu = 1e18;
      for (int i = 0; i < reps; i++) {
        long c0 = os.getProcessCpuTime();
        long t = System.nanoTime();
        GramMatrix.gram(x, kernel);
        best = Math.min(best, (System.nanoTime() - t) / 1e6);
        bestCpu = Math.min(bestCpu, (os.getProcessCpuTime() - c0) / 1e6);
      }
      double macs = (double) n * (n + 1) / 2 * d;
      System.out.printf("%s n=%d d=%d best wall %.1f ms (%.1f GMAC/s), best cpu %.1f ms (%.1f GMAC per cpu-s)%n",
          k, n, d, best, macs / best / 1e6, bestCpu, macs / bestCpu / 1e6);
    }
  }
}
