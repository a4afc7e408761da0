package io.fedstream.job.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MembershipTest {
    // Expected digests computed with Python's hashlib over struct.pack('>i', n) and, per sorted id,
    // struct.pack('>i', len(utf8)) + utf8.
    @Test
    void digestsMatchAnIndependentComputation() {
        assertThat(Membership.digest(new String[0], 0))
                .isEqualTo("df3f619804a92fdb4057192dc43dd748ea778adc52bc498ce80524c014b81119");
        assertThat(Membership.digest(new String[] {"b", "a"}, 2))
                .isEqualTo("db7fb0036791c3990525f0aed7da93d891a51b27338e8a4e6efaff18960f7012");
        assertThat(Membership.digest(new String[] {"client-7", "client-10", "zé", null}, 3))
                .isEqualTo("7ff00483a1ff310106d7ff7f71fa3f833097d125c125b51087da190f567d428b");
    }

    @Test
    void orderDoesNotMatterButEveryMemberDoes() {
        String ab = Membership.digest(new String[] {"a", "b"}, 2);
        assertThat(Membership.digest(new String[] {"b", "a"}, 2)).isEqualTo(ab);
        assertThat(Membership.digest(new String[] {"a", "b", "c"}, 3)).isNotEqualTo(ab);
        assertThat(Membership.digest(new String[] {"a"}, 1)).isNotEqualTo(ab);
        // length prefixes: {"ab"} and {"a", "b"} are different memberships
        assertThat(Membership.digest(new String[] {"ab"}, 1)).isNotEqualTo(ab);
    }

    @Test
    void aRoundWithOtherMembersDrawsIndependentNoiseAndTheSameMembersTheSameNoise() {
        KeyedGaussianNoise noise = new KeyedGaussianNoise(new byte[32]);
        String first = Membership.digest(new String[] {"a", "b", "c"}, 3);
        String retry = Membership.digest(new String[] {"c", "a", "b"}, 3);
        String other = Membership.digest(new String[] {"a", "b"}, 2);
        double[] n1 = noise.sample("m", 5, Membership.stream("update", first), 256);
        assertThat(noise.sample("m", 5, Membership.stream("update", retry), 256))
                .containsExactly(n1);
        double[] n2 = noise.sample("m", 5, Membership.stream("update", other), 256);
        // independent standard normals: their correlation is about N(0, 1/256), not 1
        double dot = 0;
        for (int i = 0; i < 256; i++) {
            dot += n1[i] * n2[i];
        }
        assertThat(Math.abs(dot / 256)).isLessThan(0.3);
        assertThat(Membership.stream("update", null)).isEqualTo("update");
    }
}
