// Probe: Bulyan's phase 2 (theta = 80 of n = 100, f = 10), the median and the trimmed mean
// (beta = 0.25) of 80 rows, d = 101,770, on one and two threads, best of 25.
// java -Xmx8g -cp "flink-job/target/classes:$OPENBLAS_CP:$SLF4J" bench/probes/CombineProbe.java
import io.fedstream.job.aggregate.robust.*;
import java.util.SplittableRandom;
public class CombineProbe {
  public static void main(String[] a) {
    int n = 100, d = 101770, f = 10; int theta = n - 2 * f;
    SplittableRandom r = new SplittableRandom(1);
    float[][] x = new float[n][d];
    for (float[] row : x) for (int c = 0; c < d; c++) row[c] = (float) (r.nextDouble() - 0.5);
    int[] sel = new int[theta]; for (int i = 0; i < theta; i++) sel[i] = i;
    float[][] xs = java.util.Arrays.copyOf(x, theta);
    for (int t : new int[] {1, 2}) {
      Bulyan b = new Bulyan(f, GramKernel.JAVA, t);
      RobustRule med = new CoordinateMedian(0, t);
      RobustRule tm = new TrimmedMean(0.25, t);
      double bb = 1e18, bm = 1e18, bt = 1e18;
      for (int i = 0; i < 25; i++) {
        long s = System.nanoTime(); b.combine(x, sel); bb = Math.min(bb, (System.nanoTime() - s) / 1e6);
        s = System.nanoTime(); med.aggregate(xs, null); bm = Math.min(bm, (System.nanoTime() - s) / 1e6);
        s = System.nanoTime(); tm.aggregate(xs, null); bt = Math.min(bt, (System.nanoTime() - s) / 1e6);
      }
      System.out.printf("threads %d: bulyan combine(80) %.1f ms, median(80) %.1f ms, trimmed(80, 0.25) %.1f ms%n", t, bb, bm, bt);
    }
  }
}
