package io.fedstream.contract.fuzz;

import java.util.HexFormat;

/** Bytes as hex, and as a Java literal to paste into a regression test. */
public final class Hex {
    private Hex() {}

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** {@code new byte[] {(byte) 0xC3, 0x01, ...}} for {@code bytes}. */
    public static String literal(byte[] bytes) {
        StringBuilder b = new StringBuilder("new byte[] {");
        for (int i = 0; i < bytes.length; i++) {
            int v = bytes[i] & 0xFF;
            b.append(i == 0 ? "" : ", ")
                    .append(v > 0x7F ? "(byte) " : "")
                    .append(String.format("0x%02X", v));
        }
        return b.append('}').toString();
    }

    /** The bytes of a hex string (regression tests keep failing inputs this way when long). */
    public static byte[] parse(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }
}
