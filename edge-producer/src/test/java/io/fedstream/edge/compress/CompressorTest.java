package io.fedstream.edge.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.CompressedTensors;
import io.fedstream.contract.DecodedTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressorTest {
    private static final int D = 1000;
    private static final List<int[]> SHAPE = List.of(new int[] {D});

    /** Multiples of 2^-8 in [-4, 4]: sums of a few hundred stay exact in float and double. */
    private static float[] dyadicDelta(SplittableRandom rng) {
        float[] d = new float[D];
        for (int i = 0; i < D; i++) {
            d[i] = rng.nextInt(-1024, 1025) / 256f;
        }
        return d;
    }

    private static double norm(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void topKErrorFeedbackSendsExactlyTheTrueSumMinusTheResidual() {
        SplittableRandom rng = new SplittableRandom(42);
        Compressor c = new Compressor(CompressionMode.TOPK, 0.1, 1000, null);
        double[] sumTrue = new double[D];
        double[] sumSent = new double[D];
        double maxDelta = 0;
        double maxResidual = 0;
        for (int t = 0; t < 200; t++) {
            float[] delta = dyadicDelta(rng);
            maxDelta = Math.max(maxDelta, norm(delta));
            Compressor.Result r = c.compress(delta, t, SHAPE, rng);
            DecodedTensor onWire = CompressedTensors.decode(r.tensor());
            assertThat(r.tensor().getEncoding()).isEqualTo(TensorEncoding.SPARSE_F32);
            assertThat(onWire.indices()).hasSize(100); // ceil(0.1 * 1000)
            assertThat(onWire.toDense()).containsExactly(r.sent());
            for (int i = 0; i < D; i++) {
                sumTrue[i] += delta[i];
                sumSent[i] += r.sent()[i];
            }
            maxResidual = Math.max(maxResidual, norm(c.residual(D)));
        }
        float[] e = c.residual(D);
        for (int i = 0; i < D; i++) {
            assertThat(sumSent[i]).as("coordinate %d", i).isEqualTo(sumTrue[i] - e[i]);
        }
        // Top-k keeps at least the fraction k/d of the energy: ||x - topk(x)|| <= sqrt(1 - k/d)
        // ||x||, so ||e_t|| <= s (||e_(t-1)|| + G) and ||e|| <= s G / (1 - s), s = sqrt(0.9).
        double s = Math.sqrt(0.9);
        assertThat(maxResidual).isLessThanOrEqualTo(s * maxDelta / (1 - s));
    }

    @Test
    void topKQ8ResidualAlsoAbsorbsTheQuantizationError() {
        SplittableRandom rng = new SplittableRandom(7);
        Compressor c = new Compressor(CompressionMode.TOPK_Q8, 0.1, 1000, null);
        double[] sumTrue = new double[D];
        double[] sumSent = new double[D];
        for (int t = 0; t < 100; t++) {
            float[] delta = dyadicDelta(rng);
            Compressor.Result r = c.compress(delta, t, SHAPE, rng);
            assertThat(r.tensor().getEncoding()).isEqualTo(TensorEncoding.SPARSE_Q8);
            assertThat(CompressedTensors.decode(r.tensor()).toDense()).containsExactly(r.sent());
            for (int i = 0; i < D; i++) {
                sumTrue[i] += delta[i];
                sumSent[i] += r.sent()[i];
            }
        }
        // Identity up to float rounding of delta + e and a - sent (about 100 roundings of
        // values below 2^6: < 100 * 2^-18 each).
        float[] e = c.residual(D);
        for (int i = 0; i < D; i++) {
            assertThat(sumSent[i] + e[i]).isCloseTo(sumTrue[i], within(1e-3));
        }
    }

    @Test
    void q8AloneIsDenseQuantizedWithoutResidual() {
        Compressor c = new Compressor(CompressionMode.Q8, 0.1, 10, null);
        float[] delta = dyadicDelta(new SplittableRandom(1));
        Compressor.Result r = c.compress(delta, 0, SHAPE, new SplittableRandom(2));
        assertThat(r.tensor().getEncoding()).isEqualTo(TensorEncoding.DENSE_Q8);
        assertThat(r.tensor().getData().remaining()).isEqualTo(4 * 4 + D); // 4 blocks of 256
        assertThat(c.residual(D)).containsOnly(0f);
    }

    @Test
    void residualSurvivesARestartThroughTheStore(@TempDir Path dir) {
        SplittableRandom rng = new SplittableRandom(3);
        Compressor first =
                new Compressor(CompressionMode.TOPK, 0.1, 20, new ResidualStore(dir, "c-1"));
        first.compress(dyadicDelta(rng), 4, SHAPE, rng);
        float[] before = first.residual(D);
        assertThat(norm(before)).isPositive();
        assertThat(Files.exists(dir.resolve("c-1.residual"))).isTrue();

        // A new compressor on the same folder, as after a process restart.
        float[] delta = dyadicDelta(rng);
        Compressor restarted =
                new Compressor(CompressionMode.TOPK, 0.1, 20, new ResidualStore(dir, "c-1"));
        Compressor.Result r = restarted.compress(delta, 10, SHAPE, rng);
        // Expected by hand: send top-k of (delta + before), keep the rest.
        float[] a = new float[D];
        for (int i = 0; i < D; i++) {
            a[i] = delta[i] + before[i];
        }
        int[] idx = TopK.select(a, 100);
        float[] expected = new float[D];
        for (int i : idx) {
            expected[i] = a[i];
        }
        assertThat(r.sent()).containsExactly(expected);
    }

    @Test
    void staleResidualIsDropped(@TempDir Path dir) {
        SplittableRandom rng = new SplittableRandom(4);
        ResidualStore store = new ResidualStore(dir, "c-2");
        new Compressor(CompressionMode.TOPK, 0.1, 5, store)
                .compress(dyadicDelta(rng), 3, SHAPE, rng);
        float[] delta = dyadicDelta(rng);
        // base 9 is 6 versions after 3 > 5: the restarted client starts from a zero residual
        Compressor.Result r =
                new Compressor(CompressionMode.TOPK, 0.1, 5, store).compress(delta, 9, SHAPE, rng);
        float[] expected = new float[D];
        for (int i : TopK.select(delta, 100)) {
            expected[i] = delta[i];
        }
        assertThat(r.sent()).containsExactly(expected);
    }

    @Test
    void corruptResidualFileIsIgnored(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("c-3.residual"), new byte[] {1, 2, 3});
        assertThat(new ResidualStore(dir, "c-3").load()).isEmpty();
    }

    @Test
    void topKSelectsLargestMagnitudesWithLowIndexTies() {
        assertThat(TopK.select(new float[] {0.1f, -5, 3, -3, 0}, 2)).containsExactly(1, 2);
        assertThat(TopK.select(new float[] {1, 1, 1, 1}, 2)).containsExactly(0, 1);
        assertThat(TopK.count(0.1, 101_770)).isEqualTo(10_177);
        assertThat(TopK.count(0.1, 3)).isEqualTo(1);
    }
}
