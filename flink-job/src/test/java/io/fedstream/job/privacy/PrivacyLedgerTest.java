package io.fedstream.job.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.privacy.RdpAccountant;
import org.junit.jupiter.api.Test;

class PrivacyLedgerTest {

    @Test
    void ledgerComposesStepByStep() {
        double[] step = RdpAccountant.rdpPerStep(0.04, 1.5);
        PrivacyLedger ledger = new PrivacyLedger();
        assertThat(ledger.epsilon(1e-5)).isZero();
        double predicted = ledger.epsilonAfterStep(step, 1e-5);
        ledger.addStep(step);
        assertThat(ledger.epsilon(1e-5)).isEqualTo(predicted);
        for (int i = 1; i < 2250; i++) {
            ledger.addStep(step);
        }
        assertThat(ledger.epsilon(1e-5)).isCloseTo(7.32911, within(7.32911e-3));
    }
}
