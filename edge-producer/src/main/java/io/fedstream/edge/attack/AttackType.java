package io.fedstream.edge.attack;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Byzantine behaviours an edge fleet can simulate. Each constant has a CLI name ({@code
 * sign-flip}, {@code alie}, …) and says whether it needs the round's honest updates, which the
 * Byzantine clients obtain through a {@link CollusionBoard}.
 */
public enum AttackType {
    /** Every client is honest. */
    NONE("none", false),
    /** Sends −Δ, the negated honest update. */
    SIGN_FLIP("sign-flip", false),
    /** Sends Δ + N(0, σ²) per coordinate. */
    GAUSSIAN("gaussian", false),
    /** Sends k·Δ (the "boosting" of model-replacement attacks). */
    SCALING("scaling", false),
    /** Trains honestly on flipped labels y → C−1−y (data poisoning). */
    LABEL_FLIP("label-flip", false),
    /** A little is enough (Baruch et al. 2019): mean − z·std per coordinate. */
    ALIE("alie", true),
    /** Inner-product manipulation (Xie et al. 2019): −ε · mean of the honest updates. */
    IPM("ipm", true),
    /** Shejwalkar and Houmansadr 2021, AGR-agnostic min-max. */
    MIN_MAX("min-max", true),
    /** Shejwalkar and Houmansadr 2021, AGR-agnostic min-sum. */
    MIN_SUM("min-sum", true),
    /** Sends a zero update and still claims its sample count. */
    FREE_RIDER("free-rider", false),
    /** Resends its own update of its first round for every later round. */
    REPLAY("replay", false),
    /** Claims k × its sample count and sends its sign-flipped update (a weight attack). */
    INFLATED_SAMPLES("inflated-samples", false);

    private final String cliName;
    private final boolean needsHonestUpdates;

    AttackType(String cliName, boolean needsHonestUpdates) {
        this.cliName = cliName;
        this.needsHonestUpdates = needsHonestUpdates;
    }

    /** The name used on command lines and in reports. */
    public String cliName() {
        return cliName;
    }

    /** Whether the attack is computed from the round's honest updates (collusion). */
    public boolean needsHonestUpdates() {
        return needsHonestUpdates;
    }

    /**
     * The attack named {@code name} (CLI name or enum name, case-insensitive).
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static AttackType parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (AttackType t : values()) {
            if (t.cliName.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("attack '" + name + "' vs known " + names());
    }

    /** All CLI names, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(AttackType::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
