package io.fedstream.edge.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttackConfigTest {
    @Test
    void buildNamesEveryInvalidKey() {
        assertThatThrownBy(
                        () ->
                                AttackConfig.builder()
                                        .type(AttackType.GAUSSIAN)
                                        .byzantineFraction(-0.1)
                                        .gaussianSigma(Double.NaN)
                                        .ipmEpsilon(0)
                                        .sampleFactor(0.5)
                                        .collusionTimeout(Duration.ZERO)
                                        .build())
                .hasMessageContaining("byzantineFraction is -0.1, expected in [0, 1]")
                .hasMessageContaining("gaussianSigma is NaN")
                .hasMessageContaining("ipmEpsilon is 0.0")
                .hasMessageContaining("sampleFactor is 0.5")
                .hasMessageContaining("collusionTimeout is PT0S");
    }

    @Test
    void defaultsAreDocumentedAndInactive() {
        AttackConfig none = AttackConfig.none();
        assertThat(none.active()).isFalse();
        assertThat(none.describe()).isEqualTo("no attack");
        AttackConfig alie =
                AttackConfig.builder().type(AttackType.ALIE).byzantineFraction(0.2).build();
        assertThat(alie.active()).isTrue();
        assertThat(alie.knowledge()).isEqualTo(Knowledge.FULL);
        assertThat(alie.perturbation()).isEqualTo(Perturbation.STD);
        assertThat(alie.describe())
                .isEqualTo("alie by 0.2 of the clients, z from n, f, full knowledge");
    }

    @Test
    void namesParseInEitherSpelling() {
        assertThat(AttackType.parse("MIN_MAX")).isEqualTo(AttackType.MIN_MAX);
        assertThat(AttackType.parse(" inflated-samples ")).isEqualTo(AttackType.INFLATED_SAMPLES);
        assertThat(Perturbation.parse("unit_vec")).isEqualTo(Perturbation.UNIT_VEC);
        assertThat(Knowledge.parse("Partial")).isEqualTo(Knowledge.PARTIAL);
        assertThatThrownBy(() -> Perturbation.parse("up"))
                .hasMessageContaining("perturbation 'up' vs known unit-vec, std, sign");
    }
}
