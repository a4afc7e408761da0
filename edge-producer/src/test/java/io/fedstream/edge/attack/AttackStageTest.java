package io.fedstream.edge.attack;

import static io.fedstream.edge.attack.AttackMathTest.f;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.edge.pipeline.ClientBehaviour;
import io.fedstream.edge.pipeline.LocalUpdate;
import io.fedstream.edge.pipeline.RoundWork;
import io.fedstream.model.ModelSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttackStageTest {
    private static final RoundWork WORK =
            new RoundWork(
                    2, 1, ModelSpec.parse("logreg:1-2"), new float[4], 1, 0.1, 4, 0, List.of("b1"));

    private static ClientAttack attack(AttackType type, String id) {
        AttackConfig config =
                AttackConfig.builder()
                        .type(type)
                        .byzantineFraction(0.5)
                        .sampleFactor(10)
                        .seed(1)
                        .build();
        return ClientAttack.of(config, id, 5, Set.of("b1"), Set.of("b1", "h1"), null);
    }

    private static LocalUpdate honest() {
        return new LocalUpdate(WORK, f(1, -2, 0.5f, 3), 600, 0.42, 31, null, null);
    }

    @Test
    void aByzantineClientSendsTheAttacksDeltaWithItsNoteAndKeepsLossAndTime() throws Exception {
        LocalUpdate out =
                new AttackStage(attack(AttackType.SIGN_FLIP, "b1"))
                        .apply(honest())
                        .get()
                        .orElseThrow();

        assertThat(out.delta()).containsExactly(-1f, 2f, -0.5f, -3f);
        assertThat(out.note()).isEqualTo("sign-flip");
        assertThat(out.numSamples()).isEqualTo(600);
        assertThat(out.loss()).isEqualTo(0.42);
        assertThat(out.timeMs()).isEqualTo(31);
        assertThat(out.work()).isSameAs(WORK);
    }

    @Test
    void anInflatingClientClaimsTenTimesItsSamplesInUpdatesAndHeartbeats() throws Exception {
        ClientAttack inflating = attack(AttackType.INFLATED_SAMPLES, "b1");

        LocalUpdate out = new AttackStage(inflating).apply(honest()).get().orElseThrow();

        assertThat(out.numSamples()).isEqualTo(6000);
        assertThat(AttackStage.behaviour(inflating).claimedSamples().applyAsLong(600))
                .isEqualTo(6000);
    }

    @Test
    void anHonestClientOfAnAttackedFleetHandsItsUpdateOnUnchanged() throws Exception {
        LocalUpdate in = honest();

        LocalUpdate out =
                new AttackStage(attack(AttackType.SIGN_FLIP, "h1")).apply(in).get().orElseThrow();

        assertThat(out.delta()).isSameAs(in.delta());
        assertThat(out.numSamples()).isEqualTo(600);
        assertThat(out.note()).isNull();
    }

    @Test
    void theBehaviourOfALabelFlipperPoisonsItsLabelsAndInsertsTheStage() {
        ClientBehaviour b = AttackStage.behaviour(attack(AttackType.LABEL_FLIP, "b1"));

        assertThat(b.labels().apply(10).applyAsInt(3)).isEqualTo(6);
        assertThat(b.afterTraining()).singleElement().isInstanceOf(AttackStage.class);
        assertThat(b.claimedSamples().applyAsLong(600)).isEqualTo(600);
    }
}
