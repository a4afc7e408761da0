package io.fedstream.local.bench.learning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The optimizers the learning bench compares and the small grid each is tuned on. A setting is the
 * one hyper-parameter tuned per optimizer, written {@code eta=X} (the server learning rate, {@code
 * --server-learning-rate}) or {@code mu=X} (FedProx's proximal coefficient, {@code --fedprox-mu});
 * every other parameter keeps its documented default (docs/learning.md).
 *
 * <p>Default grids: FedAvg has none (η = 1 is McMahan et al.'s FedAvg). FedAvgM (β = 0.9) takes η
 * in {0.1, 0.2}, an effective learning rate η/(1 − β) of 1 and 2 (Hsu et al. 2019 find the best
 * effective rate near 1). FedAdam and FedYogi take η in {0.003, 0.01, 0.03} around Reddi et al.'s
 * best server rates for image tasks (τ = 10^-3). FedProx takes μ in {0.01, 0.1}, two of Li et al.'s
 * {0.001, 0.01, 0.1, 1}.
 */
public final class LearningGrid {
    public static final List<String> OPTIMIZERS =
            List.of("fedavg", "fedavgm", "fedadam", "fedyogi", "fedprox");

    private static final Map<String, List<String>> DEFAULT_GRID = new LinkedHashMap<>();

    static {
        DEFAULT_GRID.put("fedavg", List.of("eta=1"));
        DEFAULT_GRID.put("fedavgm", List.of("eta=0.1", "eta=0.2"));
        DEFAULT_GRID.put("fedadam", List.of("eta=0.003", "eta=0.01", "eta=0.03"));
        DEFAULT_GRID.put("fedyogi", List.of("eta=0.003", "eta=0.01", "eta=0.03"));
        DEFAULT_GRID.put("fedprox", List.of("mu=0.01", "mu=0.1"));
    }

    private final Map<String, List<String>> grid;

    private LearningGrid(Map<String, List<String>> grid) {
        this.grid = grid;
    }

    /** The default grid, with {@code overrides} (optimizer → settings) replacing single rows. */
    public static LearningGrid of(List<String> optimizers, Map<String, List<String>> overrides) {
        Map<String, List<String>> g = new LinkedHashMap<>();
        for (String o : optimizers) {
            String name = o.trim().toLowerCase(Locale.ROOT);
            if (!DEFAULT_GRID.containsKey(name)) {
                throw new IllegalArgumentException(
                        "optimizer '" + o + "': expected one of " + OPTIMIZERS);
            }
            List<String> settings = overrides.getOrDefault(name, DEFAULT_GRID.get(name));
            for (String s : settings) {
                args(name, s); // refuses a malformed setting before anything runs
            }
            g.put(name, List.copyOf(settings));
        }
        return new LearningGrid(g);
    }

    public List<String> optimizers() {
        return List.copyOf(grid.keySet());
    }

    public List<String> settings(String optimizer) {
        return grid.get(optimizer);
    }

    /** The demo arguments that select {@code optimizer} with {@code setting}. */
    public static List<String> args(String optimizer, String setting) {
        int eq = setting.indexOf('=');
        String name = eq < 0 ? "" : setting.substring(0, eq);
        String value = eq < 0 ? "" : setting.substring(eq + 1);
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    optimizer + " setting '" + setting + "': expected NAME=NUMBER", e);
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(
                    optimizer + " setting '" + setting + "': the value must be finite and >= 0");
        }
        List<String> a = new ArrayList<>();
        switch (optimizer) {
            case "fedprox" -> {
                expect(optimizer, setting, name, "mu");
                a.addAll(List.of("--fedprox-mu", value));
            }
            case "fedavg", "fedavgm", "fedadam", "fedyogi" -> {
                expect(optimizer, setting, name, "eta");
                a.addAll(List.of("--job-option", "server-optimizer=" + optimizer));
                a.addAll(List.of("--job-option", "server-learning-rate=" + value));
            }
            default -> throw new IllegalArgumentException("unknown optimizer " + optimizer);
        }
        return a;
    }

    private static void expect(String optimizer, String setting, String name, String wanted) {
        if (!name.equals(wanted)) {
            throw new IllegalArgumentException(
                    optimizer + " setting '" + setting + "': expected " + wanted + "=NUMBER");
        }
    }

    /**
     * The chosen setting of {@code optimizer}: the one with the highest final accuracy among the
     * finished {@code tuning} cells (ties: the first in grid order); null if none has finished.
     */
    public String chosen(String optimizer, Map<String, LearningCell> tuning) {
        String best = null;
        double bestAccuracy = -1;
        for (String s : grid.get(optimizer)) {
            LearningCell c = tuning.get(s);
            if (c != null && c.ok() && c.finalAccuracy() > bestAccuracy) {
                best = s;
                bestAccuracy = c.finalAccuracy();
            }
        }
        return best;
    }
}
