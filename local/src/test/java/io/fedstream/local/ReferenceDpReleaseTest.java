package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.job.privacy.DpRelease;
import io.fedstream.job.privacy.KeyedGaussianNoise;
import io.fedstream.job.privacy.Membership;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The test's second implementation of the DP release agrees with the job's: the same noise from
 * another keystream construction, the same release from clip, sum and noise.
 */
class ReferenceDpReleaseTest {
    private static final byte[] KEY = "reference-dp-release-key".getBytes(StandardCharsets.UTF_8);

    @Test
    void noiseFromEcbCountersEqualsTheJobsCtrNoise() {
        // An odd length covers the unpaired last coordinate.
        assertThat(ReferenceDpRelease.standardNormals(KEY, "m", 3, "update", 1001))
                .containsExactly(new KeyedGaussianNoise(KEY).sample("m", 3, "update", 1001));
    }

    @Test
    void releaseEqualsTheJobsClipSumAndNoise() {
        float[] small = {0.1f, -0.2f, 0.05f}; // norm 0.23: kept
        float[] large = {3f, 4f, 0f}; // norm 5: scaled by 0.1
        double[] sum = new double[3];
        for (float[] x : List.of(small, large)) {
            double f = DpRelease.clipFactor(x, 0.5);
            for (int i = 0; i < 3; i++) {
                sum[i] += (float) (x[i] * f);
            }
        }
        List<String> members = List.of("client-2", "client-10");
        assertThat(ReferenceDpRelease.digest(members))
                .isEqualTo(Membership.digest(members.toArray(new String[0]), 2));
        float[] job =
                DpRelease.release(
                        sum,
                        0,
                        1.5 * 0.5,
                        2.4,
                        new KeyedGaussianNoise(KEY),
                        "m",
                        7,
                        Membership.digest(members.toArray(new String[0]), 2));
        double[] reference =
                ReferenceDpRelease.release(
                        List.of(small, large), 0.5, 1.5, 2.4, KEY, "m", 7, members);
        for (int i = 0; i < 3; i++) {
            assertThat((double) job[i]).isCloseTo(reference[i], within(1e-6));
        }
    }
}
