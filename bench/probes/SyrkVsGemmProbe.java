// Probe: OpenBLAS ssyrk vs sgemm for C = A·Aᵀ (A n×k row-major), wall time per call, through the
// JavaCPP preset. java -cp "$OPENBLAS_CP" bench/probes/SyrkVsGemmProbe.java n k threads reps
import org.bytedeco.javacpp.FloatPointer;
import static org.bytedeco.openblas.global.openblas_nolapack.*;
import static org.bytedeco.openblas.presets.openblas_nolapack.*;
public class SyrkVsGemmProbe {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]), k = Integer.parseInt(a[1]), th = Integer.parseInt(a[2]); int reps = Integer.parseInt(a[3]);
    System.out.println("threads before " + blas_get_num_threads());
    blas_set_num_threads(th); System.out.println("threads now " + blas_get_num_threads());
    float[] x = new float[n * k]; java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() - 0.5);
    FloatPointer A = new FloatPointer(n * (long) k); A.put(x, 0, x.length);
    FloatPointer C = new FloatPointer(n * (long) n);
    for (int mode = 0; mode < 2; mode++) for (int rep = 0; rep < reps; rep++) {
      long t = System.nanoTime();
      if (mode == 0) cblas_ssyrk(CblasRowMajor, CblasLower, CblasNoTrans, n, k, 1f, A, k, 0f, C, n);
      else cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, k, 1f, A, k, A, k, 0f, C, n);
      double s = (System.nanoTime() - t) / 1e9;
      System.out.printf("%s n=%d k=%d th=%d  %.2f ms  useful %.1f GMAC/s%n", mode == 0 ? "ssyrk" : "sgemm", n, k, th, s * 1e3, (double) n * (n + 1) / 2 * k / s / 1e9);
    }
    float c10 = C.get(1 * n + 0); double ref = 0; for (int c = 0; c < k; c++) ref += (double) x[n*0 + c + k] * x[c];
    System.out.println("C[1][0]=" + c10 + " ref " + ref);
  }
}
