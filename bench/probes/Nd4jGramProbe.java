import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.buffer.DataType;
import java.util.SplittableRandom;
/**
 * Probe: the centred Gram matrix through ND4J (OpenBLAS sgemm of X·Xᵀ, copy-in included), timed by
 * process CPU time (OpenBLAS threads included). Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
 * and edge-producer's classpath: java -cp "$CP" Nd4jGramProbe.java n d
 */
public class Nd4jGramProbe {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]), d = Integer.parseInt(a[1]);
    SplittableRandom r = new SplittableRandom(1);
    float[][] x = new float[n][d];
    for (float[] row : x) for (int c = 0; c < d; c++) row[c] = (float) r.nextDouble();
    for (int rep = 0; rep < 5; rep++) {
      long t = System.nanoTime(); long p0 = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
      INDArray X = Nd4j.create(x);                  // copy in (n*d floats)
      X.subiRowVector(X.mean(0));
      INDArray G = X.mmul(X.transpose());
      double[] g = G.castTo(DataType.DOUBLE).data().asDouble();
      double s = (System.nanoTime() - t) / 1e6; double cs = (((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() - p0) / 1e6;
      System.out.printf("wall %.1f ms cpu %.1f ms  %.2f GMAC/s per cpu-s (n(n+1)/2 d)  g0=%.4f%n", s, cs, (double) n * (n+1)/2 * d / cs / 1e6, g[0]);
    }
  }
}
