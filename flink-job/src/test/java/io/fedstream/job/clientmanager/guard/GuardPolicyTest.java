package io.fedstream.job.clientmanager.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.ReasonCode;
import io.fedstream.job.types.Rejection;
import io.fedstream.job.types.ValidatedUpdate;
import org.junit.jupiter.api.Test;

class GuardPolicyTest {
    private static final float[] G = {1, 0, 0, 0};

    /** Detection on, c_min = −0.2, κ = 5, λ = 0.3, A = 2, K = 3, W = 2. */
    private final GuardPolicy policy = new GuardPolicy(true, -0.2, 5.0, 0.3, 2, 3, 2);

    static ValidatedUpdate update(String client, long round, float... values) {
        ValidatedUpdate u = new ValidatedUpdate();
        u.modelId = "m";
        u.clientId = client;
        u.round = round;
        u.baseVersion = round - 1;
        u.numSamples = 10;
        u.values = values;
        return u;
    }

    private static ReasonCode reason(Rejection r) {
        return r == null ? null : r.reason();
    }

    @Test
    void rejectsASignFlippedUpdateByItsCosineToThePreviousAggregate() {
        ClientRecord record = new ClientRecord();
        // cos((-1, 0.2, 0, 0), (1, 0, 0, 0)) = -1 / sqrt(1.04) = -0.98058
        Rejection r = policy.judge(record, update("a", 2, -1f, 0.2f, 0, 0), G);
        assertThat(reason(r)).isEqualTo(ReasonCode.ANOMALOUS_UPDATE);
        assertThat(r.detail()).contains("cosine to the previous aggregate -0.981 < -0.200");
        assertThat(record.cosineEwma).isCloseTo(-1 / Math.sqrt(1.04), within(1e-9));
        assertThat(record.anomalies).isEqualTo(1);
        // reputation 0.7 * 1 + 0.3 * 0
        assertThat(record.reputation).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void rejectsAScaledUpdateByItsNormAndPassesAModeratelyLargerOne() {
        // ‖(6, 0, 0, 0)‖ = 6 > 5 · ‖g‖ = 5
        assertThat(reason(policy.judge(new ClientRecord(), update("a", 2, 6, 0, 0, 0), G)))
                .isEqualTo(ReasonCode.ANOMALOUS_UPDATE);
        // ‖(4, 1, 0, 0)‖ = 4.123 < 5, cosine 4 / 4.123 = 0.970
        assertThat(policy.judge(new ClientRecord(), update("a", 2, 4, 1, 0, 0), G)).isNull();
    }

    @Test
    void passesAnUpdateOrthogonalToTheAggregate() {
        // Non-IID clients may move parameters the aggregate did not: cosine 0 >= -0.2.
        assertThat(policy.judge(new ClientRecord(), update("a", 2, 0, 1, 0, 0), G)).isNull();
    }

    @Test
    void judgesNothingButReplaysAndDuplicatesBeforeTheAggregateIsKnown() {
        ClientRecord record = new ClientRecord();
        assertThat(policy.judge(record, update("a", 1, -100, 0, 0, 0), null)).isNull();
        assertThat(record.normEwma).isEqualTo(100);
        assertThat(record.cosineEwma).isNaN();
    }

    @Test
    void keepsEwmasOfNormAndCosine() {
        ClientRecord record = new ClientRecord();
        policy.judge(record, update("a", 2, 1, 0, 0, 0), G); // norm 1, cosine 1
        policy.judge(record, update("a", 3, 0, 2, 0, 0), G); // norm 2, cosine 0
        // 0.7 · 1 + 0.3 · 2 = 1.3 and 0.7 · 1 + 0.3 · 0 = 0.7
        assertThat(record.normEwma).isCloseTo(1.3, within(1e-12));
        assertThat(record.cosineEwma).isCloseTo(0.7, within(1e-12));
        assertThat(record.reputation).isEqualTo(1.0);
    }

    @Test
    void rejectsADuplicateInTheSameRoundAndAReplayInALaterOne() {
        ClientRecord record = new ClientRecord();
        assertThat(policy.judge(record, update("a", 1, 1, 2, 3, 4), null)).isNull();
        assertThat(reason(policy.judge(record, update("a", 1, 5, 6, 7, 8), null)))
                .isEqualTo(ReasonCode.DUPLICATE);
        Rejection replay = policy.judge(record, update("a", 2, 1, 2, 3, 4), null);
        assertThat(reason(replay)).isEqualTo(ReasonCode.REPLAYED);
        assertThat(replay.detail()).contains("round 2").contains("last 2 updates");
    }

    @Test
    void forgetsHashesOlderThanTheReplayWindow() {
        ClientRecord record = new ClientRecord();
        policy.judge(record, update("a", 1, 1, 0, 0, 0), null);
        policy.judge(record, update("a", 2, 2, 0, 0, 0), null);
        policy.judge(record, update("a", 3, 3, 0, 0, 0), null); // evicts round 1's hash (W = 2)
        assertThat(policy.judge(record, update("a", 4, 1, 0, 0, 0), null)).isNull();
        assertThat(reason(policy.judge(record, update("a", 5, 3, 0, 0, 0), null)))
                .isEqualTo(ReasonCode.REPLAYED);
    }

    @Test
    void rejectsARepeatedZeroUpdateAsAReplay() {
        ClientRecord record = new ClientRecord();
        assertThat(policy.judge(record, update("a", 1, 0, 0, 0, 0), null)).isNull();
        assertThat(reason(policy.judge(record, update("a", 2, 0, 0, 0, 0), null)))
                .isEqualTo(ReasonCode.REPLAYED);
    }

    @Test
    void quarantinesForKRoundsAfterAAnomaliesThenLiftsIt() {
        ClientRecord record = new ClientRecord();
        assertThat(reason(policy.judge(record, update("a", 2, -1, 0, 0, 0), G)))
                .isEqualTo(ReasonCode.ANOMALOUS_UPDATE);
        Rejection second = policy.judge(record, update("a", 3, -2, 0, 0, 0), G);
        assertThat(reason(second)).isEqualTo(ReasonCode.ANOMALOUS_UPDATE);
        assertThat(second.detail()).contains("quarantined through round 6");
        assertThat(record.quarantinedThrough).isEqualTo(6);
        assertThat(record.anomalies).isZero();
        for (long round = 4; round <= 6; round++) {
            assertThat(reason(policy.judge(record, update("a", round, round, 0, 0, 0), G)))
                    .as("round %d", round)
                    .isEqualTo(ReasonCode.QUARANTINED);
        }
        assertThat(policy.judge(record, update("a", 7, 1, 0.5f, 0, 0), G)).isNull();
    }

    @Test
    void withDetectionOffOnlyRecordsTheStatistics() {
        GuardPolicy off = new GuardPolicy(false, -0.2, 5.0, 0.3, 2, 3, 2);
        ClientRecord record = new ClientRecord();
        assertThat(off.judge(record, update("a", 2, -1, 0, 0, 0), G)).isNull();
        assertThat(off.judge(record, update("a", 3, 100, 0, 0, 0), G)).isNull();
        assertThat(record.cosineEwma).isCloseTo(0.7 * -1 + 0.3 * 1, within(1e-12));
    }

    @Test
    void contentHashIsFnv1aOverLittleEndianFloatBits() {
        // FNV-1a 64 of the empty input is the offset basis; of bytes 00 00 80 3F (1.0f) computed
        // by hand from the reference algorithm: h = (h ^ b) * 0x100000001b3 per byte.
        assertThat(GuardPolicy.contentHash(new float[0])).isEqualTo(0xcbf29ce484222325L);
        long h = 0xcbf29ce484222325L;
        for (int b : new int[] {0x00, 0x00, 0x80, 0x3F}) {
            h = (h ^ b) * 0x100000001b3L;
        }
        assertThat(GuardPolicy.contentHash(new float[] {1.0f})).isEqualTo(h);
    }

    private static ValidatedUpdate sparse(String client, long round, int[] indices, float... v) {
        ValidatedUpdate u = update(client, round, v);
        u.indices = indices;
        return u;
    }

    @Test
    void judgesASparseUpdateByTheAggregateAtItsIndices() {
        float[] g = {3, 0, 4, 0}; // ‖g‖ = 5
        // u = -2 e_0: u · g = -6, ‖u‖ = 2, cosine -6 / 10 = -0.6 < -0.2
        Rejection flipped = policy.judge(new ClientRecord(), sparse("a", 2, new int[] {0}, -2f), g);
        assertThat(reason(flipped)).isEqualTo(ReasonCode.ANOMALOUS_UPDATE);
        assertThat(flipped.detail()).contains("cosine to the previous aggregate -0.600");

        // u = (0, 0, 30, 1) sparse: ‖u‖ = sqrt(901) = 30.017 > 5 · 5, cosine 120 / 150.08 = 0.80
        Rejection boosted =
                policy.judge(new ClientRecord(), sparse("a", 2, new int[] {2, 3}, 30f, 1f), g);
        assertThat(reason(boosted)).isEqualTo(ReasonCode.ANOMALOUS_UPDATE);
        assertThat(boosted.detail()).contains("norm 30.02 > 5.00 x the previous aggregate's 5.000");

        // u = (0, 1, 2, 0): u · g = 8, ‖u‖ = sqrt(5), cosine 8 / (5 sqrt 5) = 0.7155
        ClientRecord record = new ClientRecord();
        assertThat(policy.judge(record, sparse("a", 2, new int[] {1, 2}, 1f, 2f), g)).isNull();
        assertThat(record.cosineEwma).isCloseTo(8 / (5 * Math.sqrt(5)), within(1e-9));
        assertThat(record.normEwma).isCloseTo(Math.sqrt(5), within(1e-9));
    }

    @Test
    void rejectsAReplayedSparseUpdateButNotTheSameValuesAtOtherIndices() {
        ClientRecord record = new ClientRecord();
        assertThat(policy.judge(record, sparse("a", 1, new int[] {0, 2}, 1f, 2f), null)).isNull();
        assertThat(policy.judge(record, sparse("a", 2, new int[] {1, 3}, 1f, 2f), null)).isNull();
        assertThat(reason(policy.judge(record, sparse("a", 3, new int[] {0, 2}, 1f, 2f), null)))
                .isEqualTo(ReasonCode.REPLAYED);
    }

    @Test
    void sparseContentHashIsFnv1aOverIndexThenValueBits() {
        // FNV-1a 64 by hand over the 8 bytes 01 00 00 00 | 00 00 80 3F (index 1, 1.0f).
        long h = 0xcbf29ce484222325L;
        for (int b : new int[] {0x01, 0, 0, 0, 0, 0, 0x80, 0x3F}) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        assertThat(GuardPolicy.contentHash(new int[] {1}, new float[] {1f})).isEqualTo(h);
        assertThat(GuardPolicy.contentHash(new int[] {1}, new float[] {1f}))
                .isNotEqualTo(GuardPolicy.contentHash(new float[] {1f}));
    }
}
