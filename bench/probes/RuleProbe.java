import io.fedstream.job.aggregate.robust.*;
import java.util.SplittableRandom;
import java.lang.management.*;
/**
 * Probe: CPU time of one round of CoordinateMedian (f = n/10) or TrimmedMean (β = 0.1) on n seeded
 * uniform updates of length d. Run: java -cp flink-job/target/classes RuleProbe.java n d median
 */
public class RuleProbe {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]), d = Integer.parseInt(a[1]);
    SplittableRandom r = new SplittableRandom(1);
    float[][] x = new float[n][d];
    for (float[] row : x) for (int c = 0; c < d; c++) row[c] = (float) r.nextDouble();
    RobustRule rule = a[2].equals("median") ? new CoordinateMedian(n / 10) : new TrimmedMean(0.1);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int rep = 0; rep < 5; rep++) {
      long t = System.nanoTime(); long cpu = mx.getCurrentThreadCpuTime();
      float[] out = rule.aggregate(x, null);
      System.out.printf("wall %.1f ms cpu %.1f ms out0=%.5f%n", (System.nanoTime() - t) / 1e6, (mx.getCurrentThreadCpuTime()-cpu)/1e6, out[0]);
    }
  }
}
