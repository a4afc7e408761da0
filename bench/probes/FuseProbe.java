// Probe: four compare-exchanges on four rows (a two-layer butterfly) as four passes over the rows
// vs one fused pass that keeps the four values in registers; ns per compare-exchange per coordinate.
// java -Xmx2g bench/probes/FuseProbe.java 3264
import java.util.SplittableRandom;
public class FuseProbe {
  static void cx(float[] a, float[] b, int len) { for (int c = 0; c < len; c++) { float u = a[c], v = b[c]; a[c] = Math.min(u, v); b[c] = Math.max(u, v);} }
  static void bf(float[] a, float[] b, float[] e, float[] f, int len) {
    for (int c = 0; c < len; c++) {
      float x0 = a[c], x1 = b[c], x2 = e[c], x3 = f[c];
      float y0 = Math.min(x0, x2), y2 = Math.max(x0, x2), y1 = Math.min(x1, x3), y3 = Math.max(x1, x3);
      a[c] = Math.min(y0, y1); b[c] = Math.max(y0, y1); e[c] = Math.min(y2, y3); f[c] = Math.max(y2, y3);
    }
  }
  public static void main(String[] args) {
    int n = 80, len = Integer.parseInt(args[0]);
    SplittableRandom r = new SplittableRandom(1);
    float[][] x = new float[n][len];
    for (float[] row : x) for (int c = 0; c < len; c++) row[c] = (float) (r.nextDouble() - 0.5);
    int reps = 200000 * 1024 / len;
    for (int t = 0; t < 8; t++) {
      long t0 = System.nanoTime();
      for (int k = 0; k < reps; k++) { int i = (k * 4) % 76; cx(x[i], x[i+2], len); cx(x[i+1], x[i+3], len); cx(x[i], x[i+1], len); cx(x[i+2], x[i+3], len); }
      long t1 = System.nanoTime();
      for (int k = 0; k < reps; k++) { int i = (k * 4) % 76; bf(x[i], x[i+1], x[i+2], x[i+3], len); }
      long t2 = System.nanoTime();
      double cc = 4.0 * reps * len;
      if (t > 4) System.out.printf("len %d separate %.3f ns/comp-coord, fused %.3f%n", len, (t1-t0)/cc, (t2-t1)/cc);
    }
  }
}
