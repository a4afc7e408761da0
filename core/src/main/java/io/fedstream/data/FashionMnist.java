package io.fedstream.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Loads Fashion-MNIST from IDX files (gzip or raw), as shipped by the Debian package {@code
 * dataset-fashion-mnist} under {@link #DEFAULT_DIR}.
 */
public final class FashionMnist {
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int CLASSES = 10;

    private FashionMnist() {}

    /** The 60,000 training examples. */
    public static Dataset train(Path dir) {
        return load(dir, "train");
    }

    /** The 10,000 test examples. */
    public static Dataset test(Path dir) {
        return load(dir, "t10k");
    }

    /** The directory to use: {@code FEDSTREAM_DATA} if set, else {@link #DEFAULT_DIR}. */
    public static Path defaultDir() {
        String env = System.getenv("FEDSTREAM_DATA");
        return env == null || env.isBlank() ? DEFAULT_DIR : Path.of(env);
    }

    private static Dataset load(Path dir, String prefix) {
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        byte[] img = readIdx(images, 0x00000803);
        byte[] lab = readIdx(labels, 0x00000801);
        int dim = img.length / lab.length;
        return new Dataset(img, lab, dim, CLASSES);
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException(
                "Fashion-MNIST file "
                        + base
                        + "(.gz) not found in "
                        + dir
                        + "; install it with: apt-get install dataset-fashion-mnist"
                        + " (or set FEDSTREAM_DATA to a folder with the IDX files)");
    }

    /** The payload of an IDX file after checking its magic number (type ubyte, any rank). */
    static byte[] readIdx(Path file, int magic) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in =
                        file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                DataInputStream data = new DataInputStream(in)) {
            int m = data.readInt();
            if (m != magic) {
                throw new IllegalStateException(
                        file
                                + ": IDX magic "
                                + Integer.toHexString(m)
                                + " vs expected "
                                + Integer.toHexString(magic));
            }
            int dims = m & 0xFF;
            long count = 1;
            for (int i = 0; i < dims; i++) {
                count *= data.readInt();
            }
            byte[] payload = new byte[Math.toIntExact(count)];
            data.readFully(payload);
            return payload;
        } catch (EOFException e) {
            throw new IllegalStateException(file + ": truncated IDX file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
