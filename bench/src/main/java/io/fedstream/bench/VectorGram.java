package io.fedstream.bench;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A packed Vector API (JDK 17 incubator) GEMM micro-kernel for the centred Gram matrix: 4 rows × 4
 * vectors of float accumulators with FMA, over blocks of {@link #K} coordinates centred on their
 * mean. An option the docs measured and rejected ({@link VectorGramBenchmark}). Needs {@code
 * --add-modules jdk.incubator.vector}.
 */
final class VectorGram {
    /** Coordinates per block. */
    static final int K = 256;

    /** Rows per micro-tile. */
    private static final int NR = 4;

    /** Vectors per micro-tile. */
    private static final int NV = 4;

    private final VectorSpecies<Float> species;
    private final int lanes;

    /** {@code bits}: "preferred" (the machine's widest, 512 on Zen 4) or "256". */
    VectorGram(String bits) {
        switch (bits) {
            case "preferred":
                species = FloatVector.SPECIES_PREFERRED;
                break;
            case "256":
                species = FloatVector.SPECIES_256;
                break;
            default:
                throw new IllegalArgumentException(
                        "vector bits '" + bits + "': expected preferred or 256");
        }
        lanes = species.length();
    }

    int lanes() {
        return lanes;
    }

    /** The n×n Gram matrix of the updates centred per coordinate, row-major. */
    double[] gram(float[][] x) {
        int n = x.length;
        int d = x[0].length;
        int w = NV * lanes; // columns per panel
        int np = (n + w - 1) / w;
        int ng = (n + NR - 1) / NR;
        double[] g = new double[n * n];
        float[] bp = new float[np * K * w]; // panel p: [c][jj]
        float[] ap = new float[ng * K * NR]; // group q: [c][r]
        double[] mean = new double[K];
        float[] tmp = new float[lanes];
        for (int c0 = 0; c0 < d; c0 += K) {
            int len = Math.min(K, d - c0);
            Arrays.fill(mean, 0);
            for (float[] v : x) {
                for (int c = 0; c < len; c++) {
                    mean[c] += v[c0 + c];
                }
            }
            Arrays.fill(bp, 0f);
            Arrays.fill(ap, 0f);
            for (int i = 0; i < n; i++) {
                float[] v = x[i];
                int bo = (i / w) * K * w + i % w;
                int ao = (i / NR) * K * NR + i % NR;
                for (int c = 0; c < len; c++) {
                    float y = v[c0 + c] - (float) (mean[c] / n);
                    bp[bo + c * w] = y;
                    ap[ao + c * NR] = y;
                }
            }
            for (int p = 0; p < np; p++) {
                int j0 = p * w;
                for (int q = j0 / NR; q < ng; q++) {
                    kernel(ap, q * K * NR, bp, p * K * w, len, g, n, q * NR, j0, tmp);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                g[j * n + i] = g[i * n + j];
            }
        }
        return g;
    }

    private void kernel(
            float[] ap,
            int ao,
            float[] bp,
            int bo,
            int len,
            double[] g,
            int n,
            int i0,
            int j0,
            float[] tmp) {
        FloatVector c00 = FloatVector.zero(species);
        FloatVector c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int w = NV * lanes;
        for (int c = 0; c < len; c++) {
            int b = bo + c * w;
            FloatVector b0 = FloatVector.fromArray(species, bp, b);
            FloatVector b1 = FloatVector.fromArray(species, bp, b + lanes);
            FloatVector b2 = FloatVector.fromArray(species, bp, b + 2 * lanes);
            FloatVector b3 = FloatVector.fromArray(species, bp, b + 3 * lanes);
            int a = ao + c * NR;
            FloatVector a0 = FloatVector.broadcast(species, ap[a]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(species, ap[a + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(species, ap[a + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(species, ap[a + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
        }
        add(g, n, i0, j0, tmp, c00, c01, c02, c03);
        add(g, n, i0 + 1, j0, tmp, c10, c11, c12, c13);
        add(g, n, i0 + 2, j0, tmp, c20, c21, c22, c23);
        add(g, n, i0 + 3, j0, tmp, c30, c31, c32, c33);
    }

    /** Adds row i's accumulators to the lower triangle of g (columns j0.. up to i). */
    private void add(double[] g, int n, int i, int j0, float[] tmp, FloatVector... vs) {
        if (i >= n) {
            return;
        }
        int o = i * n;
        for (int k = 0; k < NV; k++) {
            vs[k].intoArray(tmp, 0);
            for (int l = 0; l < lanes; l++) {
                int j = j0 + k * lanes + l;
                if (j > i) {
                    return;
                }
                g[o + j] += tmp[l];
            }
        }
    }
}
