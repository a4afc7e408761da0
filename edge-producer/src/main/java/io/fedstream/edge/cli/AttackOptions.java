package io.fedstream.edge.cli;

import io.fedstream.edge.attack.AttackConfig;
import io.fedstream.edge.attack.AttackType;
import io.fedstream.edge.attack.Knowledge;
import io.fedstream.edge.attack.Perturbation;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The attack-simulation flags, shared by the edge CLI and {@code ./fedstream demo} (a picocli
 * mixin). Each flag maps to one {@link AttackConfig} key.
 */
public final class AttackOptions {
    @Option(
            names = "--attack",
            defaultValue = "none",
            description =
                    "Byzantine behaviour of --byzantine-fraction of the clients: none, sign-flip,"
                            + " gaussian, scaling, label-flip, alie, ipm, min-max, min-sum,"
                            + " free-rider, replay, inflated-samples (default ${DEFAULT-VALUE}).")
    String attack;

    @Option(
            names = "--byzantine-fraction",
            defaultValue = "0.2",
            description =
                    "Share of the population that attacks, chosen from --attack-seed (default ${DEFAULT-VALUE}; only with --attack).")
    double byzantineFraction;

    @Option(
            names = "--attack-seed",
            description = "Seed of who is Byzantine and of attack noise (default: --seed).")
    Long attackSeed;

    @Option(
            names = "--gaussian-sigma",
            defaultValue = "" + AttackConfig.DEFAULT_GAUSSIAN_SIGMA,
            description =
                    "gaussian: sigma of the noise added per coordinate (default ${DEFAULT-VALUE}).")
    double gaussianSigma;

    @Option(
            names = "--scale-factor",
            defaultValue = "" + AttackConfig.DEFAULT_SCALE_FACTOR,
            description = "scaling: boost k of the update (default ${DEFAULT-VALUE}).")
    double scaleFactor;

    @Option(
            names = "--ipm-epsilon",
            defaultValue = "" + AttackConfig.DEFAULT_IPM_EPSILON,
            description = "ipm: epsilon of -epsilon x honest mean (default ${DEFAULT-VALUE}).")
    double ipmEpsilon;

    @Option(
            names = "--alie-z",
            description = "alie: fixed z (default: z from n and f of each round).")
    Double alieZ;

    @Option(
            names = "--perturbation",
            defaultValue = "std",
            description = "min-max/min-sum: unit-vec, std or sign (default ${DEFAULT-VALUE}).")
    String perturbation;

    @Option(
            names = "--sample-factor",
            defaultValue = "" + AttackConfig.DEFAULT_SAMPLE_FACTOR,
            description =
                    "inflated-samples: claimed num_samples = k x the real count (default ${DEFAULT-VALUE}).")
    double sampleFactor;

    @Option(
            names = "--attack-knowledge",
            defaultValue = "full",
            description =
                    "alie/ipm/min-max/min-sum: full (all honest updates of the round) or partial"
                            + " (the colluders' own) (default ${DEFAULT-VALUE}).")
    String knowledge;

    @Option(
            names = "--collusion-timeout",
            defaultValue = "60",
            description =
                    "Seconds a colluder waits for the updates it expects (default ${DEFAULT-VALUE}).")
    int collusionTimeoutSeconds;

    /**
     * The attack these flags describe.
     *
     * @param defaultSeed the seed used when {@code --attack-seed} is absent
     * @throws IllegalArgumentException naming the bad value
     */
    public AttackConfig toConfig(long defaultSeed) {
        return AttackConfig.builder()
                .type(AttackType.parse(attack))
                .byzantineFraction(byzantineFraction)
                .seed(attackSeed != null ? attackSeed : defaultSeed)
                .gaussianSigma(gaussianSigma)
                .scaleFactor(scaleFactor)
                .ipmEpsilon(ipmEpsilon)
                .alieZ(alieZ)
                .perturbation(Perturbation.parse(perturbation))
                .sampleFactor(sampleFactor)
                .knowledge(Knowledge.parse(knowledge))
                .collusionTimeout(Duration.ofSeconds(collusionTimeoutSeconds))
                .build();
    }
}
