package io.fedstream.edge.privacy;

import io.fedstream.privacy.RdpAccountant;

/**
 * ε of k releases of one client's update under local DP, by Rényi DP.
 *
 * <p>Neighbouring relation: the client's whole local dataset replaced by any other. Its update is
 * clipped to norm C before release, so two neighbouring updates differ by at most 2C in L2 norm
 * (sensitivity 2C, not C: a replaced dataset can move the update from one clipped direction to the
 * opposite one). The Gaussian mechanism with std z·C then has RDP α·(2C)²/(2(zC)²) = 2α/z² per
 * release (Mironov 2017, "Rényi Differential Privacy", Prop. 7), i.e. the unsampled Gaussian of
 * multiplier z/2. There is no amplification by sampling: the server sees who sent each update.
 * Releases compose by adding RDP; (ε, δ) follows with the conversion of {@link RdpAccountant}.
 */
public final class LocalAccountant {
    private final double[] rdpPerRelease;
    private final double delta;

    public LocalAccountant(double noiseMultiplier, double delta) {
        // Noise std in units of the sensitivity 2C: zC / 2C = z / 2; q = 1 is the plain Gaussian.
        this.rdpPerRelease = RdpAccountant.rdpPerStep(1.0, noiseMultiplier / 2);
        this.delta = delta;
    }

    /** ε after {@code releases} releases, at this accountant's δ; 0 for none. */
    public double epsilon(long releases) {
        if (releases < 0) {
            throw new IllegalArgumentException("releases " + releases + ", expected >= 0");
        }
        if (releases == 0) {
            return 0;
        }
        double[] rdp = new double[rdpPerRelease.length];
        for (int k = 0; k < rdp.length; k++) {
            rdp[k] = rdpPerRelease[k] * releases;
        }
        return RdpAccountant.epsilon(rdp, delta);
    }
}
