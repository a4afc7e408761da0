package io.fedstream.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the installed Debian package {@code dataset-fashion-mnist}. */
class FashionMnistTest {
    private static Dataset train;
    private static Dataset test;

    @BeforeAll
    static void load() {
        train = FashionMnist.train(FashionMnist.DEFAULT_DIR);
        test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
    }

    @Test
    void trainHas60000ImagesOf28x28() {
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(train.dim()).isEqualTo(784);
        assertThat(train.numClasses()).isEqualTo(10);
    }

    @Test
    void testHas10000Images() {
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.dim()).isEqualTo(784);
    }

    @Test
    void everyClassHas6000TrainingExamples() {
        int[] counts = new int[10];
        for (int i = 0; i < train.size(); i++) {
            int y = train.label(i);
            assertThat(y).isBetween(0, 9);
            counts[y]++;
        }
        assertThat(counts).containsOnly(6_000);
    }

    @Test
    void testLabelsAreInRangeAndBalanced() {
        int[] counts = new int[10];
        for (int i = 0; i < test.size(); i++) {
            counts[test.label(i)]++;
        }
        assertThat(counts).containsOnly(1_000);
    }

    @Test
    void featuresAreScaledIntoTheUnitInterval() {
        float[] x = new float[784];
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < test.size(); i++) {
            test.features(i, x);
            for (float v : x) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void headAndSubsetShareRowsWithTheFullSet() {
        Dataset head = test.head(3);
        assertThat(head.size()).isEqualTo(3);
        Dataset picked = test.subset(new int[] {9_999, 0});
        assertThat(picked.label(0)).isEqualTo(test.label(9_999));
        float[] a = new float[784];
        float[] b = new float[784];
        picked.features(1, a);
        test.features(0, b);
        assertThat(a).containsExactly(b);
        assertThat(test.head(20_000).size()).isEqualTo(10_000);
    }

    @Test
    void missingFolderNamesTheAptPackage(@TempDir Path empty) {
        assertThatThrownBy(() -> FashionMnist.test(empty.resolve("nowhere")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("nowhere")
                .hasMessageContaining("FEDSTREAM_DATA");
    }

    @Test
    void readsATinyHandWrittenIdxPair(@TempDir Path dir) throws IOException {
        // images: magic 0x00000803, 2 images of 1x2 pixels; labels: magic 0x00000801, 2 labels.
        writeGz(
                dir.resolve("t10k-images-idx3-ubyte.gz"),
                new byte[] {
                    0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, (byte) 255, 51, 102
                });
        Files.write(
                dir.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 7, 3});

        Dataset tiny = FashionMnist.test(dir);

        assertThat(tiny.size()).isEqualTo(2);
        assertThat(tiny.dim()).isEqualTo(2);
        assertThat(tiny.label(0)).isEqualTo(7);
        assertThat(tiny.label(1)).isEqualTo(3);
        float[] x = new float[2];
        tiny.features(1, x);
        assertThat(x).containsExactly(0.2f, 0.4f); // 51/255, 102/255
    }

    @Test
    void refusesAFileWithTheWrongMagic(@TempDir Path dir) throws IOException {
        writeGz(dir.resolve("t10k-images-idx3-ubyte.gz"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        assertThatThrownBy(() -> FashionMnist.test(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("801")
                .hasMessageContaining("803");
    }

    private static void writeGz(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }
}
