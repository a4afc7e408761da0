import jdk.incubator.vector.*;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.lang.management.*;
/**
 * Probe: a packed Vector API GEMM micro-kernel (4 rows × 4 vectors of accumulators, FMA) for the
 * centred Gram matrix, timed like GramProbe (multiply-adds per CPU-second of the thread).
 * Run: java --add-modules jdk.incubator.vector [-Dv256=true] VectorGramProbe.java n d
 */
public class VectorGramProbe {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]), d = Integer.parseInt(a[1]);
        SplittableRandom r = new SplittableRandom(1);
        float[][] x = new float[n][d];
        for (float[] row : x) for (int c = 0; c < d; c++) row[c] = (float) r.nextDouble();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.println("lanes " + VG.L);
        for (int rep = 0; rep < 5; rep++) {
            long t = System.nanoTime(); long cpu = mx.getCurrentThreadCpuTime();
            double[] g = VG.gram(x, 1);
            double wall = (System.nanoTime() - t) / 1e6, cs = (mx.getCurrentThreadCpuTime() - cpu) / 1e6;
            System.out.printf("wall %.1f ms cpu %.1f ms %.2f GMAC per cpu-s g00=%.4f%n", wall, cs, (double) n * (n + 1) / 2 * d / cs / 1e6, g[0]);
        }
    }
}

final class VG {
  static final VectorSpecies<Float> S = Boolean.getBoolean("v256") ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  static final int K = Integer.getInteger("k", 256);
  static final int NR = 4; // rows per micro-tile
  static final int NV = 4; // vectors per micro-tile
  public static double[] gram(float[][] x, int threads) {
    int n = x.length, d = x[0].length;
    int W = NV * L;                        // columns per panel
    int np = (n + W - 1) / W, ng = (n + NR - 1) / NR;
    double[] g = new double[n * n];
    float[] bp = new float[np * K * W];    // panel p: [c][jj]
    float[] ap = new float[ng * K * NR];   // group q: [c][r]
    double[] mean = new double[K];
    float[] tmp = new float[L];
    for (int c0 = 0; c0 < d; c0 += K) {
      int len = Math.min(K, d - c0);
      Arrays.fill(mean, 0);
      for (float[] v : x) for (int c = 0; c < len; c++) mean[c] += v[c0 + c];
      Arrays.fill(bp, 0f); Arrays.fill(ap, 0f);
      for (int i = 0; i < n; i++) {
        float[] v = x[i];
        int p = i / W, jj = i % W, q = i / NR, r = i % NR;
        int bo = p * K * W + jj, ao = q * K * NR + r;
        for (int c = 0; c < len; c++) {
          float y = v[c0 + c] - (float) (mean[c] / n);
          bp[bo + c * W] = y;
          ap[ao + c * NR] = y;
        }
      }
      for (int p = 0; p < np; p++) {
        int j0 = p * W;
        for (int q = j0 / NR; q < ng; q++) {
          kernel(ap, q * K * NR, bp, p * K * W, len, g, n, q * NR, j0, tmp);
        }
      }
    }
    for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) g[j * n + i] = g[i * n + j];
    return g;
  }
  static void kernel(float[] ap, int ao, float[] bp, int bo, int len, double[] g, int n, int i0, int j0, float[] tmp) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    int W = NV * L;
    for (int c = 0; c < len; c++) {
      int b = bo + c * W;
      FloatVector b0 = FloatVector.fromArray(S, bp, b);
      FloatVector b1 = FloatVector.fromArray(S, bp, b + L);
      FloatVector b2 = FloatVector.fromArray(S, bp, b + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, bp, b + 3 * L);
      int a = ao + c * NR;
      FloatVector a0 = FloatVector.broadcast(S, ap[a]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
      FloatVector a1 = FloatVector.broadcast(S, ap[a + 1]);
      c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
      FloatVector a2 = FloatVector.broadcast(S, ap[a + 2]);
      c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
      FloatVector a3 = FloatVector.broadcast(S, ap[a + 3]);
      c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
    }
    add(g, n, i0, j0, c00, c01, c02, c03, tmp);
    add(g, n, i0 + 1, j0, c10, c11, c12, c13, tmp);
    add(g, n, i0 + 2, j0, c20, c21, c22, c23, tmp);
    add(g, n, i0 + 3, j0, c30, c31, c32, c33, tmp);
  }
  static void add(double[] g, int n, int i, int j0, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, float[] tmp) {
    if (i >= n) return;
    FloatVector[] vs = {v0, v1, v2, v3};
    int o = i * n;
    for (int k = 0; k < 4; k++) {
      vs[k].intoArray(tmp, 0);
      for (int l = 0; l < L; l++) { int j = j0 + k * L + l; if (j > i) return; g[o + j] += tmp[l]; }
    }
  }
}
