package io.fedstream.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.job.types.RoundSummary;
import org.junit.jupiter.api.Test;

class ServerRoundMetricsTest {
    private static RoundSummary summary() {
        RoundSummary s = new RoundSummary();
        s.modelId = "m";
        s.round = 3;
        s.participants = 2;
        s.selected = 3;
        s.totalSamples = 40;
        s.weightedLossSum = 40 * 0.25;
        s.bytesUp = 1_000;
        s.bytesUpDense = 4_000;
        s.rejected = new long[ReasonCode.values().length];
        s.rejected[ReasonCode.NON_FINITE.ordinal()] = 2;
        s.openedAt = 10_000;
        s.closedAt = 12_500;
        s.nextSelected = new String[] {"a", "b", "c", "d"};
        s.privacySpent = 1.5;
        return s;
    }

    @Test
    void communicationCostIsBytesUpPlusTheModelSentToEachNextClient() {
        RoundMetrics m = ServerRoundMetrics.of(summary(), 250, 5.0, 1.0, 13_000);

        assertThat(m.getBytesDown()).isEqualTo(4 * 250L);
        assertThat(m.getCommunicationCost()).isEqualTo(1_000L + 1_000L);
        assertThat(m.getBytesUpDense()).isEqualTo(4_000L);
    }

    @Test
    void convergenceIsTheStepNormOverThePreviousModelNorm() {
        RoundMetrics m = ServerRoundMetrics.of(summary(), 250, 5.0, 1.0, 13_000);

        assertThat(m.getConvergenceRate()).isCloseTo(1.0 / 5.0, within(1e-12));
        assertThat(ServerRoundMetrics.convergenceRate(0.0, 1.0)).isNull();
        // |(3, 4)| = 5, |(0, 1)| = 1
        assertThat(ServerRoundMetrics.norm(new float[] {3, 4})).isEqualTo(5.0);
        assertThat(ServerRoundMetrics.norm(new float[] {0, 1})).isEqualTo(1.0);
    }

    @Test
    void carriesRoundParticipationRejectionsPrivacyAndTimes() {
        RoundMetrics m = ServerRoundMetrics.of(summary(), 250, 5.0, 1.0, 13_000);

        assertThat(m.getSource()).isEqualTo(MetricsSource.SERVER);
        assertThat(m.getRoundNumber()).isEqualTo(3);
        assertThat(m.getParticipants()).isEqualTo(2);
        assertThat(m.getSelected()).isEqualTo(3);
        assertThat(m.getTrainLoss()).isCloseTo(0.25, within(1e-12));
        assertThat(m.getRejected()).containsExactly(java.util.Map.entry("NON_FINITE", 2L));
        assertThat(m.getPrivacySpent()).isEqualTo(1.5);
        assertThat(m.getRoundDurationMs()).isEqualTo(2_500L);
        assertThat(m.getAggregationLatencyMs()).isEqualTo(500L);
    }
}
