// Probe: the copy and the sorting network of Bulyan's phase 2 at n = 100 (theta = 80: ranks [0, 20),
// 39-40 and [60, 80)) over d = 101,770 on one thread, once on float rows with Math.min/max(float) and
// once on the sortable int bit patterns with Math.min/max(int); argument: coordinates per block.
// Also prints the pruned network's size for other rank sets of 80 inputs.
// java -Xmx4g -cp "flink-job/target/classes:$OPENBLAS_CP:$SLF4J" bench/probes/NetworkProbe.java 3264
import java.lang.reflect.*;
import java.util.SplittableRandom;
public class NetworkProbe {
  static void cxf(float[] a, float[] b, int len) { for (int c = 0; c < len; c++) { float u = a[c], v = b[c]; a[c] = Math.min(u, v); b[c] = Math.max(u, v);} }
  static void cxi(int[] a, int[] b, int len) { for (int c = 0; c < len; c++) { int u = a[c], v = b[c]; a[c] = Math.min(u, v); b[c] = Math.max(u, v);} }
  public static void main(String[] args) throws Exception {
    Class<?> cls = Class.forName("io.fedstream.job.aggregation.kernels.SortingNetwork");
    Method m = cls.getDeclaredMethod("forRankRanges", int.class, int[].class); m.setAccessible(true);
    int n = 80;
    Object net = m.invoke(null, n, new int[]{0,20,39,41,60,80});
    Field flo = cls.getDeclaredField("lo"), fhi = cls.getDeclaredField("hi"); flo.setAccessible(true); fhi.setAccessible(true);
    int[] lo = (int[]) flo.get(net), hi = (int[]) fhi.get(net);
    System.out.println("comparators " + lo.length);
    // Sizes of the pruned network for other rank sets of 80 inputs: all, the median, min and max.
    for (int[] ranks : new int[][] {{0, 80}, {39, 41}, {0, 1, 79, 80}}) {
      System.out.println("ranks " + java.util.Arrays.toString(ranks) + ": "
          + ((int[]) flo.get(m.invoke(null, n, ranks))).length + " compare-exchanges");
    }
    int d = 101770; int block = Integer.parseInt(args[0]);
    SplittableRandom r = new SplittableRandom(1);
    float[][] x = new float[n][d];
    for (float[] row : x) for (int c = 0; c < d; c++) row[c] = (float) (r.nextDouble() - 0.5);
    float[][] bf = new float[n][block]; int[][] bi = new int[n][block];
    for (int rep = 0; rep < 30; rep++) {
      long t0 = System.nanoTime();
      for (int c0 = 0; c0 < d; c0 += block) { int len = Math.min(block, d - c0);
        for (int i = 0; i < n; i++) System.arraycopy(x[i], c0, bf[i], 0, len);
        for (int k = 0; k < lo.length; k++) cxf(bf[lo[k]], bf[hi[k]], len); }
      long t1 = System.nanoTime();
      for (int c0 = 0; c0 < d; c0 += block) { int len = Math.min(block, d - c0);
        for (int i = 0; i < n; i++) { float[] s = x[i]; int[] o = bi[i]; for (int c = 0; c < len; c++) { int b = Float.floatToRawIntBits(s[c0 + c]); o[c] = b ^ ((b >> 31) & 0x7fffffff);} }
        for (int k = 0; k < lo.length; k++) cxi(bi[lo[k]], bi[hi[k]], len); }
      long t2 = System.nanoTime();
      if (rep > 24) System.out.printf("block %d float %.2f ms  int %.2f ms%n", block, (t1-t0)/1e6, (t2-t1)/1e6);
    }
  }
}
