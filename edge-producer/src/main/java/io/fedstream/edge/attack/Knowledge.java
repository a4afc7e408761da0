package io.fedstream.edge.attack;

import java.util.Locale;

/** What the colluding Byzantine clients of a round know when they compute their update. */
public enum Knowledge {
    /**
     * Every honest update of the round (of the clients this process runs): the papers' strongest
     * threat model (min-max/min-sum "full knowledge", IPM); the fleet simulation exposes it.
     */
    FULL("full"),
    /**
     * Only the Byzantine clients' own benign updates, each trained on its own data (ALIE's model,
     * min-max/min-sum "partial knowledge"). With a single Byzantine client in a round the honest
     * statistics degenerate to its own update (std 0).
     */
    PARTIAL("partial");

    private final String cliName;

    Knowledge(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /**
     * @throws IllegalArgumentException listing the valid names
     */
    public static Knowledge parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Knowledge k : values()) {
            if (k.cliName.equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("knowledge '" + name + "' vs known full, partial");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
