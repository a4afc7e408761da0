package io.fedstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the index-layout size table of docs/wire-format.md ("Which index layout is smaller"): for d
 * = 101,770, indices kept independently with probability p (one {@code SplittableRandom(42)} drawn
 * through the densities in order), the bytes of each layout, the Rice parameter, the entropy bound
 * d·H(p)/8 and the layout {@link SparseIndices#choose} picks. If a codec change moves a number,
 * this test fails and the table needs the new one.
 */
class IndexLayoutSizesTest {
    private static final int LENGTH = 101_770;

    private static final double[] DENSITIES = {
        0.001, 0.01, 0.05, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.75
    };

    /** Index sets by density, drawn once in the order above (each draw moves the generator). */
    private static final Map<Double, int[]> INDICES = draw();

    private static Map<Double, int[]> draw() {
        SplittableRandom rng = new SplittableRandom(42);
        Map<Double, int[]> out = new LinkedHashMap<>();
        for (double p : DENSITIES) {
            out.put(p, IntStream.range(0, LENGTH).filter(i -> rng.nextDouble() < p).toArray());
        }
        return out;
    }

    @ParameterizedTest(name = "p = {0}")
    @CsvSource({
        // density, nnz, varint B, bitmap B, rice B, rice b, entropy B, chosen
        "0.001,    98,   188, 12722,   143, 9,   145, rice",
        "0.010,   975,  1510, 12722,   998, 6,  1028, rice",
        "0.050,  5061,  5261, 12722,  3669, 4,  3643, rice",
        "0.100, 10204, 10209, 12722,  6065, 3,  5966, rice",
        "0.125, 12708, 12711, 12722,  7013, 2,  6915, rice",
        "0.150, 15350, 15351, 12722,  7839, 2,  7758, rice",
        "0.200, 20309, 20309, 12722,  9384, 2,  9184, rice",
        "0.300, 30639, 30639, 12722, 11324, 1, 11211, rice",
        "0.350, 35537, 35537, 12722, 12151, 1, 11883, rice",
        "0.400, 40513, 40513, 12722, 12723, 0, 12352, bitmap",
        "0.500, 50900, 50900, 12722, 12723, 0, 12721, bitmap"
    })
    void layoutSizesByDensityMatchTheWireFormatTable(
            double p,
            int nnz,
            long varint,
            long bitmap,
            long rice,
            int riceBits,
            long entropy,
            String chosen) {
        int[] idx = INDICES.get(p);
        int b = SparseIndices.bestRiceBits(idx);
        double h = -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
        byte mode = SparseIndices.choose(idx, LENGTH);

        assertThat(idx).hasSize(nnz);
        assertThat(SparseIndices.deltaBytes(idx)).as("varint bytes").isEqualTo(varint);
        assertThat(SparseIndices.bitmapBytes(LENGTH)).as("bitmap bytes").isEqualTo(bitmap);
        assertThat(b).as("rice b").isEqualTo(riceBits);
        assertThat(SparseIndices.riceBytes(idx, b)).as("rice bytes").isEqualTo(rice);
        assertThat(Math.round(h * LENGTH / 8)).as("entropy bytes").isEqualTo(entropy);
        assertThat(
                        mode == SparseIndices.DELTA
                                ? "varint"
                                : mode == SparseIndices.BITMAP ? "bitmap" : "rice")
                .as("chosen layout")
                .isEqualTo(chosen);
    }
}
