package io.fedstream.edge.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a simulated attack on a fleet. Build with {@link #builder()}; {@link Builder#build()}
 * names every invalid key.
 *
 * @param type the attack; {@link AttackType#NONE} for an honest fleet
 * @param byzantineFraction share of the population that is Byzantine; the clients are chosen by
 *     {@link ByzantineSelection} from {@code seed}
 * @param seed root of the attack's randomness: which clients are Byzantine, Gaussian noise
 * @param gaussianSigma σ of the additive Gaussian attack (default 1.0)
 * @param scaleFactor k of the scaling attack (default 10)
 * @param ipmEpsilon ε of IPM (default 0.5)
 * @param alieZ ALIE's z; null (default) for z(n, f) from the round
 * @param perturbation p of min-max and min-sum (default {@link Perturbation#STD})
 * @param sampleFactor k of the inflated-num_samples attack (default 10)
 * @param knowledge what colluders know (default {@link Knowledge#FULL})
 * @param collusionTimeout how long a colluder waits for the updates it expects (default 60 s)
 */
public record AttackConfig(
        AttackType type,
        double byzantineFraction,
        long seed,
        double gaussianSigma,
        double scaleFactor,
        double ipmEpsilon,
        Double alieZ,
        Perturbation perturbation,
        double sampleFactor,
        Knowledge knowledge,
        Duration collusionTimeout) {

    public static final double DEFAULT_GAUSSIAN_SIGMA = 1.0;
    public static final double DEFAULT_SCALE_FACTOR = 10.0;
    public static final double DEFAULT_IPM_EPSILON = 0.5;
    public static final double DEFAULT_SAMPLE_FACTOR = 10.0;
    public static final Duration DEFAULT_COLLUSION_TIMEOUT = Duration.ofSeconds(60);

    /** No attack. */
    public static AttackConfig none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether any client misbehaves. */
    public boolean active() {
        return type != AttackType.NONE && byzantineFraction > 0;
    }

    /** A one-line description for logs and reports. */
    public String describe() {
        if (!active()) {
            return "no attack";
        }
        String params =
                switch (type) {
                    case GAUSSIAN -> ", sigma " + gaussianSigma;
                    case SCALING -> ", k " + scaleFactor;
                    case IPM -> ", epsilon " + ipmEpsilon + ", " + knowledge + " knowledge";
                    case ALIE ->
                            ", z "
                                    + (alieZ == null ? "from n, f" : alieZ)
                                    + ", "
                                    + knowledge
                                    + " knowledge";
                    case MIN_MAX, MIN_SUM ->
                            ", perturbation " + perturbation + ", " + knowledge + " knowledge";
                    case INFLATED_SAMPLES -> ", claims x" + sampleFactor + " samples";
                    default -> "";
                };
        return type + " by " + byzantineFraction + " of the clients" + params;
    }

    /** Mutable builder of {@link AttackConfig}. */
    public static final class Builder {
        private AttackType type = AttackType.NONE;
        private double byzantineFraction;
        private long seed;
        private double gaussianSigma = DEFAULT_GAUSSIAN_SIGMA;
        private double scaleFactor = DEFAULT_SCALE_FACTOR;
        private double ipmEpsilon = DEFAULT_IPM_EPSILON;
        private Double alieZ;
        private Perturbation perturbation = Perturbation.STD;
        private double sampleFactor = DEFAULT_SAMPLE_FACTOR;
        private Knowledge knowledge = Knowledge.FULL;
        private Duration collusionTimeout = DEFAULT_COLLUSION_TIMEOUT;

        private Builder() {}

        public Builder type(AttackType v) {
            this.type = v;
            return this;
        }

        public Builder byzantineFraction(double v) {
            this.byzantineFraction = v;
            return this;
        }

        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        public Builder gaussianSigma(double v) {
            this.gaussianSigma = v;
            return this;
        }

        public Builder scaleFactor(double v) {
            this.scaleFactor = v;
            return this;
        }

        public Builder ipmEpsilon(double v) {
            this.ipmEpsilon = v;
            return this;
        }

        public Builder alieZ(Double v) {
            this.alieZ = v;
            return this;
        }

        public Builder perturbation(Perturbation v) {
            this.perturbation = v;
            return this;
        }

        public Builder sampleFactor(double v) {
            this.sampleFactor = v;
            return this;
        }

        public Builder knowledge(Knowledge v) {
            this.knowledge = v;
            return this;
        }

        public Builder collusionTimeout(Duration v) {
            this.collusionTimeout = v;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming every invalid key
         */
        public AttackConfig build() {
            List<String> problems = new ArrayList<>();
            if (type == null) {
                problems.add("missing type");
            }
            if (!(byzantineFraction >= 0 && byzantineFraction <= 1)) {
                problems.add("byzantineFraction is " + byzantineFraction + ", expected in [0, 1]");
            }
            if (!(gaussianSigma >= 0) || Double.isInfinite(gaussianSigma)) {
                problems.add("gaussianSigma is " + gaussianSigma + ", expected 0 <= sigma < inf");
            }
            if (!Double.isFinite(scaleFactor)) {
                problems.add("scaleFactor is " + scaleFactor + ", expected finite");
            }
            if (!(ipmEpsilon > 0) || Double.isInfinite(ipmEpsilon)) {
                problems.add("ipmEpsilon is " + ipmEpsilon + ", expected 0 < epsilon < inf");
            }
            if (alieZ != null && !Double.isFinite(alieZ)) {
                problems.add("alieZ is " + alieZ + ", expected finite or null");
            }
            if (!(sampleFactor >= 1) || Double.isInfinite(sampleFactor)) {
                problems.add("sampleFactor is " + sampleFactor + ", expected 1 <= k < inf");
            }
            if (perturbation == null) {
                problems.add("missing perturbation");
            }
            if (knowledge == null) {
                problems.add("missing knowledge");
            }
            if (collusionTimeout == null
                    || collusionTimeout.isNegative()
                    || collusionTimeout.isZero()) {
                problems.add("collusionTimeout is " + collusionTimeout + ", expected > 0");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(
                        "invalid AttackConfig: " + String.join("; ", problems));
            }
            return new AttackConfig(
                    type,
                    byzantineFraction,
                    seed,
                    gaussianSigma,
                    scaleFactor,
                    ipmEpsilon,
                    alieZ,
                    perturbation,
                    sampleFactor,
                    knowledge,
                    collusionTimeout);
        }
    }
}
