package io.fedstream.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold a secret (a private key, the DP noise key): created readable and writable by the
 * owner only (0600), and refused on read when the group or others may read or write them, as
 * OpenSSH refuses a private key file. Messages name the file and its permissions, never its
 * content.
 */
public final class SecretFiles {
    /** Larger than any key file FedStream writes; a bigger file is not a key file. */
    public static final int MAX_SECRET_BYTES = 64 * 1024;

    private static final Set<PosixFilePermission> FORBIDDEN =
            EnumSet.of(
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {}

    /**
     * Writes {@code content} to a new file {@code path} created with permissions 0600 (the
     * permissions are set when the file is created, so it is never readable by others, not even for
     * an instant). Refuses to overwrite an existing file.
     */
    public static void create(Path path, byte[] content) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (isPosix(path)) {
                Files.createFile(
                        path,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(path);
            }
            Files.write(path, content, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(
                    "secret file " + path + " already exists; refusing to overwrite it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create secret file " + path, e);
        }
    }

    /**
     * The content of the secret file {@code path}, after checking that it is a regular file (not a
     * symbolic link), at most {@link #MAX_SECRET_BYTES}, and that neither group nor others have any
     * permission on it.
     */
    public static byte[] read(Path path) {
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("secret file " + path + " does not exist");
            }
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(
                        "secret file "
                                + path
                                + " is not a regular file (a symbolic link or a"
                                + " folder); give the file itself");
            }
            if (isPosix(path)) {
                Set<PosixFilePermission> perms =
                        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                Set<PosixFilePermission> bad = EnumSet.noneOf(PosixFilePermission.class);
                bad.addAll(perms);
                bad.retainAll(FORBIDDEN);
                if (!bad.isEmpty()) {
                    throw new IllegalArgumentException(
                            "secret file "
                                    + path
                                    + " has permissions "
                                    + PosixFilePermissions.toString(perms)
                                    + ": group and others must have none (chmod 600 "
                                    + path
                                    + ")");
                }
            }
            long size = Files.size(path);
            if (size > MAX_SECRET_BYTES) {
                throw new IllegalArgumentException(
                        "secret file "
                                + path
                                + " has "
                                + size
                                + " bytes, more than any key file ("
                                + MAX_SECRET_BYTES
                                + ")");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + path, e);
        }
    }

    private static boolean isPosix(Path path) {
        Path probe = path.toAbsolutePath().getParent();
        return probe != null
                && Files.getFileAttributeView(probe, PosixFileAttributeView.class) != null;
    }
}
