package io.fedstream.edge.attack;

import static io.fedstream.edge.attack.AttackMathTest.f;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientAttackTest {
    private static final Set<String> BYZANTINE = Set.of("b1", "b2");
    private static final Set<String> LOCAL = Set.of("b1", "b2", "h1", "h2");
    private static final List<String> SELECTED = List.of("b1", "b2", "h1");
    private final CollusionBoard board = new CollusionBoard();

    @AfterEach
    void closeBoard() {
        board.close();
    }

    private ClientAttack client(AttackConfig config, String id) {
        return ClientAttack.of(config, id, 5, BYZANTINE, LOCAL, board);
    }

    private static AttackConfig.Builder attack(AttackType type) {
        return AttackConfig.builder().type(type).byzantineFraction(0.5).seed(1);
    }

    @Test
    void honestClientSendsItsUpdateUnchanged() throws Exception {
        ClientAttack h = client(attack(AttackType.SIGN_FLIP).build(), "h1");
        assertThat(h.byzantine()).isFalse();
        ClientAttack.Outgoing out = h.answer(1, SELECTED, f(1, 2), 7).get();
        assertThat(out.delta()).containsExactly(1f, 2f);
        assertThat(out.numSamples()).isEqualTo(7);
        assertThat(out.note()).isNull();
        assertThat(h.claimedSamples(7)).isEqualTo(7);
        assertThat(h.labelMap(10).applyAsInt(3)).isEqualTo(3);
    }

    @Test
    void noAttackMakesNobodyByzantine() {
        assertThat(client(AttackConfig.none(), "b1").byzantine()).isFalse();
        assertThat(
                        client(attack(AttackType.SIGN_FLIP).byzantineFraction(0).build(), "b1")
                                .byzantine())
                .isFalse();
    }

    @Test
    void signFlipScalingAndFreeRider() throws Exception {
        assertThat(
                        client(attack(AttackType.SIGN_FLIP).build(), "b1")
                                .answer(1, SELECTED, f(1, -2), 7)
                                .get()
                                .delta())
                .containsExactly(-1f, 2f);
        assertThat(
                        client(attack(AttackType.SCALING).scaleFactor(3).build(), "b1")
                                .answer(1, SELECTED, f(1, -2), 7)
                                .get()
                                .delta())
                .containsExactly(3f, -6f);
        assertThat(
                        client(attack(AttackType.FREE_RIDER).build(), "b1")
                                .answer(1, SELECTED, f(1, -2), 7)
                                .get()
                                .delta())
                .containsExactly(0f, 0f);
    }

    @Test
    void gaussianNoiseDependsOnClientSeedAndRound() throws Exception {
        ClientAttack b = client(attack(AttackType.GAUSSIAN).gaussianSigma(1).build(), "b1");
        float[] honest = new float[64];
        float[] r1 = b.answer(1, SELECTED, honest, 7).get().delta();
        assertThat(b.answer(1, SELECTED, honest, 7).get().delta()).containsExactly(r1);
        assertThat(b.answer(2, SELECTED, honest, 7).get().delta()).isNotEqualTo(r1);
    }

    @Test
    void inflatedSamplesClaimsKTimesAndSignFlips() throws Exception {
        ClientAttack b = client(attack(AttackType.INFLATED_SAMPLES).sampleFactor(10).build(), "b1");
        ClientAttack.Outgoing out = b.answer(1, SELECTED, f(1, -2), 600).get();
        assertThat(out.numSamples()).isEqualTo(6000);
        assertThat(out.delta()).containsExactly(-1f, 2f);
        assertThat(b.claimedSamples(600)).isEqualTo(6000);
    }

    @Test
    void labelFlipTrainsOnNineMinusY() throws Exception {
        ClientAttack b = client(attack(AttackType.LABEL_FLIP).build(), "b1");
        assertThat(b.labelMap(10).applyAsInt(2)).isEqualTo(7);
        assertThat(b.answer(1, SELECTED, f(1, 2), 7).get().delta()).containsExactly(1f, 2f);
    }

    @Test
    void replayResendsTheFirstRoundUpdate() throws Exception {
        ClientAttack b = client(attack(AttackType.REPLAY).build(), "b1");
        assertThat(b.answer(3, SELECTED, f(1, 1), 7).get().delta()).containsExactly(1f, 1f);
        assertThat(b.answer(8, SELECTED, f(5, 5), 7).get().delta()).containsExactly(1f, 1f);
        assertThat(b.answer(12, SELECTED, f(9, 9), 7).get().delta()).containsExactly(1f, 1f);
    }

    @Test
    void fullKnowledgeColludersWaitForEveryoneSelectedAndAgree() throws Exception {
        AttackConfig ipm = attack(AttackType.IPM).ipmEpsilon(0.5).knowledge(Knowledge.FULL).build();
        CompletableFuture<ClientAttack.Outgoing> b1 =
                client(ipm, "b1").answer(4, SELECTED, f(1, 2), 7);
        CompletableFuture<ClientAttack.Outgoing> b2 =
                client(ipm, "b2").answer(4, SELECTED, f(3, 2), 7);
        assertThat(b1).isNotDone(); // h1 has not posted yet
        ClientAttack.Outgoing h = client(ipm, "h1").answer(4, SELECTED, f(5, 8), 7).get();
        assertThat(h.delta()).containsExactly(5f, 8f);
        // -0.5 * mean((1,2), (3,2), (5,8)) = -0.5 * (3, 4)
        assertThat(b1.get(5, TimeUnit.SECONDS).delta()).containsExactly(-1.5f, -2f);
        assertThat(b2.get(5, TimeUnit.SECONDS).delta()).containsExactly(-1.5f, -2f);
        assertThat(b1.get().note()).contains("3/3 expected updates");
    }

    @Test
    void partialKnowledgeUsesOnlyTheColludersOwnUpdates() throws Exception {
        AttackConfig alie = attack(AttackType.ALIE).knowledge(Knowledge.PARTIAL).build();
        ClientAttack.Outgoing h = client(alie, "h1").answer(4, SELECTED, f(100, 100), 7).get();
        assertThat(h.delta()).containsExactly(100f, 100f);
        CompletableFuture<ClientAttack.Outgoing> b1 =
                client(alie, "b1").answer(4, SELECTED, f(1, 2), 7);
        ClientAttack.Outgoing b2 =
                client(alie, "b2").answer(4, SELECTED, f(3, 2), 7).get(5, TimeUnit.SECONDS);
        // n = 3 selected, f = 2: s = floor(3/2 + 1) - 2 = 0, (n - s)/n = 1 is outside (0, 1), so
        // z falls back to Phi^-1(2/3) = 0.4307273; mean (2, 2), sample std (sqrt 2, 0).
        double z = 0.4307272993;
        assertThat(b2.delta()[0]).isCloseTo((float) (2 - z * Math.sqrt(2)), within(1e-5f));
        assertThat(b2.delta()[1]).isCloseTo(2f, within(1e-6f));
        assertThat(b1.get(5, TimeUnit.SECONDS).delta()).containsExactly(b2.delta());
    }

    @Test
    void colluderTimesOutWithWhatWasPosted() throws Exception {
        AttackConfig ipm =
                attack(AttackType.IPM)
                        .ipmEpsilon(1)
                        .collusionTimeout(Duration.ofMillis(200))
                        .build();
        // b2 and h1 never post: after 200 ms b1 attacks with its own update only.
        ClientAttack.Outgoing out =
                client(ipm, "b1").answer(2, SELECTED, f(2, -4), 7).get(5, TimeUnit.SECONDS);
        assertThat(out.delta()).containsExactly(-2f, 4f);
        assertThat(out.note()).contains("1/3 expected updates");
    }

    @Test
    void boardForgetsOldRounds() throws Exception {
        board.post(1, "a", f(1));
        for (long r = 2; r <= 2 + CollusionBoard.ROUNDS_KEPT; r++) {
            board.post(r, "a", f(1));
        }
        Map<String, float[]> round1 =
                board.await(1, Set.of("a", "b"), Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);
        assertThat(round1).isEmpty();
    }
}
