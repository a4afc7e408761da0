package io.fedstream.edge.compress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's error-feedback residual on local disk, so it survives a restart. File {@code
 * <dir>/<clientId>.residual}: magic {@code FSR1}, the base version it belongs to (int64), the
 * length (int32), then float32 values, all little-endian. Saved atomically: written to a temporary
 * file in the same folder, forced to disk, then renamed over the old one, so a crash leaves either
 * the old or the new residual, never a torn one.
 */
public final class ResidualStore {
    private static final Logger LOG = LoggerFactory.getLogger(ResidualStore.class);
    private static final int MAGIC = 0x31525346; // "FSR1" little-endian

    private final Path file;

    /** A residual and the global-model version of the update it was left over from. */
    public record Residual(long baseVersion, float[] values) {}

    public ResidualStore(Path dir, String clientId) {
        this.file = dir.resolve(clientId + ".residual");
    }

    public Path file() {
        return file;
    }

    /** The saved residual; empty if none, or if the file is unreadable (logged). */
    public Optional<Residual> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < 16 || b.getInt() != MAGIC) {
                LOG.warn("{}: not a residual file, starting from a zero residual", file);
                return Optional.empty();
            }
            long base = b.getLong();
            int n = b.getInt();
            if (n < 0 || b.remaining() != 4L * n) {
                LOG.warn("{}: truncated residual, starting from a zero residual", file);
                return Optional.empty();
            }
            float[] values = new float[n];
            b.asFloatBuffer().get(values);
            return Optional.of(new Residual(base, values));
        } catch (IOException e) {
            LOG.warn("{}: cannot read residual ({}), starting from zero", file, e.toString());
            return Optional.empty();
        }
    }

    public void save(Residual r) {
        ByteBuffer b =
                ByteBuffer.allocate(16 + 4 * r.values().length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putLong(r.baseVersion()).putInt(r.values().length);
        b.asFloatBuffer().put(r.values());
        try {
            Files.createDirectories(file.getParent());
            Path tmp =
                    Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (var ch =
                    java.nio.channels.FileChannel.open(
                            tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(b.rewind());
                ch.force(true);
            }
            try {
                Files.move(
                        tmp,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("saving residual to " + file, e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + file, e);
        }
    }
}
