package io.fedstream.edge.attack;

import java.util.Locale;

/**
 * The perturbation direction p of the min-max and min-sum attacks (Shejwalkar and Houmansadr 2021,
 * Sec. 4): the malicious update is μ + γ·p with μ the mean of the honest updates.
 */
public enum Perturbation {
    /** Inverse unit vector: p = −μ / ‖μ‖. */
    UNIT_VEC("unit-vec"),
    /** Inverse standard deviation: p = −σ (coordinate-wise std of the honest updates). */
    STD("std"),
    /** Inverse sign: p = −sign(μ). */
    SIGN("sign");

    private final String cliName;

    Perturbation(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** p for the honest {@code mean} and {@code std}. */
    double[] direction(double[] mean, double[] std) {
        double[] p = new double[mean.length];
        switch (this) {
            case UNIT_VEC -> {
                double norm = 0;
                for (double m : mean) {
                    norm += m * m;
                }
                norm = Math.sqrt(norm);
                for (int i = 0; i < p.length; i++) {
                    p[i] = norm == 0 ? 0 : -mean[i] / norm;
                }
            }
            case STD -> {
                for (int i = 0; i < p.length; i++) {
                    p[i] = -std[i];
                }
            }
            case SIGN -> {
                for (int i = 0; i < p.length; i++) {
                    p[i] = -Math.signum(mean[i]);
                }
            }
        }
        return p;
    }

    /**
     * @throws IllegalArgumentException listing the valid names
     */
    public static Perturbation parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Perturbation p : values()) {
            if (p.cliName.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "perturbation '" + name + "' vs known unit-vec, std, sign");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
