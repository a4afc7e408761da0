package io.fedstream.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PrivateKey;
import java.security.Signature;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The JDK and Bouncy Castle primitives, as FedStream wires them, against published vectors. */
class IdentityPrimitivesTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032 section 7.1, TEST 1 (empty message). */
    @Test
    void ed25519MatchesRfc8032Test1() throws Exception {
        PrivateKey sk =
                RawKeys.ed25519Private(
                        HEX.parseHex(
                                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        byte[] pk =
                HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(sk);
        s.update(new byte[0]);
        assertThat(HEX.formatHex(s.sign()))
                .isEqualTo(
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(RawKeys.ed25519Public(pk));
        v.update(new byte[0]);
        assertThat(v.verify(s.sign())).isTrue();
        assertThat(RawKeys.raw(RawKeys.ed25519Public(pk))).isEqualTo(pk);
    }

    /** RFC 7748 section 6.1. */
    @Test
    void x25519MatchesRfc7748() {
        PrivateKey alice =
                RawKeys.x25519Private(
                        HEX.parseHex(
                                "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        byte[] bobPublic =
                HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        assertThat(HEX.formatHex(PairKeys.sharedSecret(alice, bobPublic)))
                .isEqualTo("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    }

    /** RFC 5869 appendix A.1 (test case 1). */
    @Test
    void hkdfMatchesRfc5869Case1() {
        byte[] okm =
                PairKeys.hkdf(
                        HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                        HEX.parseHex("000102030405060708090a0b0c"),
                        HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"),
                        42);
        assertThat(HEX.formatHex(okm))
                .isEqualTo(
                        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                                + "34007208d5b887185865");
    }

    @Test
    void refusesSmallOrderPeerKey() {
        PrivateKey alice =
                RawKeys.x25519Private(
                        HEX.parseHex(
                                "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        // u = 0 is a point of small order: every scalar gives the all-zero shared secret.
        assertThatThrownBy(() -> PairKeys.sharedSecret(alice, new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesKeysOfTheWrongLength() {
        assertThatThrownBy(() -> RawKeys.ed25519Public(new byte[31]))
                .hasMessageContaining("32 bytes, not 31");
    }
}
