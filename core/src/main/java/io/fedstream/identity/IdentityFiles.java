package io.fedstream.identity;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.XECPrivateKey;
import java.util.Base64;
import java.util.Properties;

/**
 * An identity on disk, as two text files of {@code key=value} lines (base64 of the raw 32-byte
 * keys, so any language can read them):
 *
 * <ul>
 *   <li>{@code NAME.key}, private, created 0600 and refused when others may read it ({@link
 *       SecretFiles}): {@code name}, {@code ed25519.private}, {@code x25519.private} and the two
 *       public keys;
 *   <li>{@code NAME.pub}, public: {@code name}, {@code ed25519.public}, {@code x25519.public}.
 * </ul>
 */
public final class IdentityFiles {
    static final String FORMAT = "fedstream-identity-v1";
    static final String PUBLIC_FORMAT = "fedstream-public-identity-v1";

    private IdentityFiles() {}

    /** The public file that belongs with private key file {@code keyFile}. */
    public static Path publicFileOf(Path keyFile) {
        String name = keyFile.getFileName().toString();
        String base = name.endsWith(".key") ? name.substring(0, name.length() - 4) : name;
        return keyFile.resolveSibling(base + ".pub");
    }

    /** Writes {@code keyFile} (0600, must not exist) and its {@code .pub} beside it. */
    public static void write(Identity identity, Path keyFile) {
        PublicIdentity pub = identity.publicIdentity();
        String priv =
                "# FedStream private identity: never share, never log (0600)\n"
                        + "format="
                        + FORMAT
                        + "\nname="
                        + escape(pub.name())
                        + "\ned25519.private="
                        + b64(edSeed(identity.signingKey()))
                        + "\nx25519.private="
                        + b64(xScalar(identity.agreementKey()))
                        + "\ned25519.public="
                        + b64(pub.signingKey())
                        + "\nx25519.public="
                        + b64(pub.agreementKey())
                        + "\n";
        SecretFiles.create(keyFile, priv.getBytes(StandardCharsets.UTF_8));
        writePublic(pub, publicFileOf(keyFile));
    }

    /** Writes a public identity file (overwriting). */
    public static void writePublic(PublicIdentity pub, Path file) {
        String text =
                "# FedStream public identity\nformat="
                        + PUBLIC_FORMAT
                        + "\nname="
                        + escape(pub.name())
                        + "\ned25519.public="
                        + b64(pub.signingKey())
                        + "\nx25519.public="
                        + b64(pub.agreementKey())
                        + "\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write public identity " + file, e);
        }
    }

    /** The identity in private key file {@code keyFile}; its permissions are checked. */
    public static Identity read(Path keyFile) {
        Properties p = parse(SecretFiles.read(keyFile), keyFile, FORMAT);
        PublicIdentity pub = publicOf(p, keyFile);
        PrivateKey signing = RawKeys.ed25519Private(field(p, "ed25519.private", keyFile));
        PrivateKey agreement = RawKeys.x25519Private(field(p, "x25519.private", keyFile));
        return new Identity(signing, agreement, pub);
    }

    /** The public identity in {@code file} (a {@code .pub} file). */
    public static PublicIdentity readPublic(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return publicOf(parse(bytes, file, PUBLIC_FORMAT), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read public identity " + file, e);
        }
    }

    private static PublicIdentity publicOf(Properties p, Path file) {
        String name = p.getProperty("name");
        if (name == null) {
            throw new IllegalArgumentException(file + ": no name= line");
        }
        return new PublicIdentity(
                name, field(p, "ed25519.public", file), field(p, "x25519.public", file));
    }

    private static Properties parse(byte[] bytes, Path file, String format) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not an identity file", e);
        }
        if (!format.equals(p.getProperty("format"))) {
            throw new IllegalArgumentException(
                    file + ": format is " + p.getProperty("format") + ", expected " + format);
        }
        return p;
    }

    private static byte[] field(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException(file + ": no " + key + "= line");
        }
        try {
            return Base64.getDecoder().decode(v.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + key + " is not base64", e);
        }
    }

    private static byte[] edSeed(PrivateKey key) {
        return ((EdECPrivateKey) key)
                .getBytes()
                .orElseThrow(() -> new IllegalStateException("Ed25519 key has no seed bytes"));
    }

    private static byte[] xScalar(PrivateKey key) {
        return ((XECPrivateKey) key)
                .getScalar()
                .orElseThrow(() -> new IllegalStateException("X25519 key has no scalar bytes"));
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String escape(String s) {
        // Names are ids (no control characters, by the id rules); escape what Properties treats
        // specially so that reading gives the same name back.
        return s.replace("\\", "\\\\")
                .replace("\n", "\\n")
                .replace("=", "\\=")
                .replace(":", "\\:")
                .replace(" ", "\\ ")
                .replace("#", "\\#")
                .replace("!", "\\!");
    }
}
