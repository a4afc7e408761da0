package io.fedstream.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 (RFC 8032) and X25519 (RFC 7748) keys as the 32 raw bytes that the wire contract carries,
 * converted to and from the JDK's key objects through their standard X.509 and PKCS#8 encodings
 * (RFC 8410), which are a fixed 12- or 16-byte header followed by those 32 bytes.
 */
public final class RawKeys {
    /** Bytes of a raw Ed25519 or X25519 public or private key. */
    public static final int KEY_BYTES = 32;

    /** Bytes of an Ed25519 signature. */
    public static final int SIGNATURE_BYTES = 64;

    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] X25519_SPKI = HexFormat.of().parseHex("302a300506032b656e032100");
    private static final byte[] ED25519_PKCS8 =
            HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final byte[] X25519_PKCS8 =
            HexFormat.of().parseHex("302e020100300506032b656e04220420");

    private RawKeys() {}

    /** The Ed25519 public key of 32 raw bytes. */
    public static PublicKey ed25519Public(byte[] raw) {
        return publicKey("Ed25519", ED25519_SPKI, raw);
    }

    /** The X25519 public key of 32 raw bytes (the u-coordinate, little-endian). */
    public static PublicKey x25519Public(byte[] raw) {
        return publicKey("X25519", X25519_SPKI, raw);
    }

    /** The Ed25519 private key of its 32-byte seed (tests with published vectors use this). */
    public static PrivateKey ed25519Private(byte[] raw) {
        return privateKey("Ed25519", ED25519_PKCS8, raw);
    }

    /** The X25519 private key of its 32-byte scalar. */
    public static PrivateKey x25519Private(byte[] raw) {
        return privateKey("X25519", X25519_PKCS8, raw);
    }

    /** The 32 raw bytes of an Ed25519 or X25519 public key. */
    public static byte[] raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        byte[] header = Arrays.copyOf(spki, spki.length - KEY_BYTES);
        if (spki.length != ED25519_SPKI.length + KEY_BYTES
                || !(Arrays.equals(header, ED25519_SPKI) || Arrays.equals(header, X25519_SPKI))) {
            throw new IllegalArgumentException(
                    "not an Ed25519 or X25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(spki, spki.length - KEY_BYTES, spki.length);
    }

    /**
     * A short public name of a public key: the first 8 bytes of its SHA-256, in hex. Logs and
     * records name keys by it.
     */
    public static String keyId(byte[] rawPublic) {
        return HexFormat.of().formatHex(Digests.sha256(rawPublic), 0, 8);
    }

    private static PublicKey publicKey(String algorithm, byte[] header, byte[] raw) {
        requireLength(raw);
        try {
            return KeyFactory.getInstance(algorithm)
                    .generatePublic(new X509EncodedKeySpec(concat(header, raw)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid " + algorithm + " public key", e);
        }
    }

    private static PrivateKey privateKey(String algorithm, byte[] header, byte[] raw) {
        requireLength(raw);
        try {
            return KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(concat(header, raw)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid " + algorithm + " private key", e);
        }
    }

    private static void requireLength(byte[] raw) {
        if (raw == null || raw.length != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "a key has "
                            + KEY_BYTES
                            + " bytes, not "
                            + (raw == null ? "none" : Integer.toString(raw.length)));
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
