// Probe: best wall time of Krum, Multi-Krum, Bulyan (f = n/10, m = n - f, default kernel) or
// FedAvg on n seeded uniform updates of length d. Run after mvn install:
// java -Xmx8g -cp "flink-job/target/classes:$OPENBLAS_CP:$SLF4J" bench/probes/GramRuleProbe.java \
//   100 101770 25 fedavg,krum,multi-krum,bulyan
import io.fedstream.job.aggregate.robust.*;
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
        case "fedavg" -> new WeightedAverage(); default -> throw new IllegalArgumentException(name); };
      double best = 1e18;
      for (int i = 0; i < reps; i++) { long t = System.nanoTime(); rule.aggregate(x, null); best = Math.min(best, (System.nanoTime() - t) / 1e6); }
      System.out.printf("%s n=%d best %.1f ms%n", name, n, best);
    }
  }
}
