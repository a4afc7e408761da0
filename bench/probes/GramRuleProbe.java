// Probe: wall time per round of Krum, Multi-Krum, Bulyan (f = n/10, m = n - f, default kernel and
// threads), the median or FedAvg on n seeded uniform updates of length d: the best round, and the
// mean, percentiles and max over the last 3/4 of the rounds. Run after mvn install:
// java -Xmx8g -cp "flink-job/target/classes:$OPENBLAS_CP:$SLF4J" bench/probes/GramRuleProbe.java \
//   100 101770 25 fedavg,krum,multi-krum,bulyan
import io.fedstream.job.aggregate.robust.*;
import java.util.Arrays;
import java.util.SplittableRandom;
public class GramRuleProbe {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]), d = Integer.parseInt(a[1]), reps = Integer.parseInt(a[2]);
    SplittableRandom r = new SplittableRandom(1);
    float[][] x = new float[n][d];
    for (float[] row : x) for (int c = 0; c < d; c++) row[c] = (float) (r.nextDouble() - 0.5);
    int f = n / 10;
    for (String name : a[3].split(",")) {
      RobustRule rule = switch (name) {
        case "krum" -> new Krum(f); case "multi-krum" -> new MultiKrum(f, n - f); case "bulyan" -> new Bulyan(f);
        case "median" -> new CoordinateMedian(0); case "fedavg" -> new WeightedAverage();
        default -> throw new IllegalArgumentException(name); };
      double[] t = new double[reps];
      for (int i = 0; i < reps; i++) { long s = System.nanoTime(); rule.aggregate(x, null); t[i] = (System.nanoTime() - s) / 1e6; }
      double best = Arrays.stream(t).min().getAsDouble();
      double[] w = Arrays.copyOfRange(t, reps / 4, reps);
      double mean = Arrays.stream(w).average().getAsDouble();
      Arrays.sort(w);
      System.out.printf("%s n=%d best %.1f ms; last 3/4: mean %.1f p10 %.1f p50 %.1f p90 %.1f max %.1f%n",
          name, n, best, mean, w[w.length / 10], w[w.length / 2], w[w.length * 9 / 10], w[w.length - 1]);
    }
  }
}
