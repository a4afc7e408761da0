// Probe: one thread's share (half of d) of the BLAS Gram kernel's loops, copied here, by part:
// everything; mean + centre without the copy to native memory or ssyrk; centre + copy without
// the mean; ssyrk alone; everything with the median-of-three reference instead of the mean.
// java -Xmx8g -cp "$OPENBLAS_CP" bench/probes/ShiftProbe.java n block chunk   (e.g. 100 8192 1024)
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import static org.bytedeco.openblas.global.openblas_nolapack.*;
public class ShiftProbe {
  public static void main(String[] a) {
    Loader.load(openblas_nolapack.class);
    org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
    int n = Integer.parseInt(a[0]), d = 101770 / 2; int block = Integer.parseInt(a[1]), chunk = Integer.parseInt(a[2]);

    SplittableRandom r = new SplittableRandom(1);
    float[][] x = new float[n][d];
    for (float[] row : x) for (int c = 0; c < d; c++) row[c] = (float) (r.nextDouble() - 0.5);
    FloatPointer ap = new FloatPointer((long) n * block), out = new FloatPointer((long) n * n);
    FloatBuffer ab = ap.asBuffer();
    float[] mean = new float[chunk], row = new float[chunk];
    for (int mode = 0; mode < 5; mode++) {
      double best = 1e18;
      for (int rep = 0; rep < (n >= 1000 ? 3 : 20); rep++) {
        long t = System.nanoTime();
        for (int b0 = 0; b0 < d; b0 += block) {
          int len = Math.min(block, d - b0);
          if (mode != 3) for (int c0 = b0; c0 < b0 + len; c0 += chunk) {
            int cl = Math.min(chunk, b0 + len - c0);
            if (mode == 4) { float[] p0 = x[0], p1 = x[n / 2], p2 = x[n - 1]; for (int k = 0; k < cl; k++) { float a0 = p0[c0 + k], a1 = p1[c0 + k], a2 = p2[c0 + k]; mean[k] = Math.max(Math.min(a0, a1), Math.min(Math.max(a0, a1), a2)); } }
            else if (mode != 2) { Arrays.fill(mean, 0f); for (float[] v : x) for (int k = 0; k < cl; k++) mean[k] += v[c0 + k]; for (int k = 0; k < cl; k++) mean[k] /= n; }
            for (int i = 0; i < n; i++) { float[] v = x[i]; for (int k = 0; k < cl; k++) row[k] = v[c0 + k] - mean[k]; if (mode != 1) ab.put(i * len + (c0 - b0), row, 0, cl); }
          }
          if (mode == 0 || mode == 3 || mode == 4) cblas_ssyrk(CblasRowMajor, CblasLower, CblasNoTrans, n, len, 1f, ap, len, 0f, out, n);
        }
        best = Math.min(best, (System.nanoTime() - t) / 1e6);
      }
      System.out.printf("n=%d half d, one thread, mode %s: %.1f ms%n", n, new String[]{"all","mean+centre no put/syrk","centre+put no mean/syrk","syrk only","median-of-3 reference, all"}[mode], best);
    }
  }
}
