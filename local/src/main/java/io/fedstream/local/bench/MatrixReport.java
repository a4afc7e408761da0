package io.fedstream.local.bench;

import io.fedstream.local.report.Heatmap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The robustness matrix on disk: a CSV of cells (appended one at a time, so an interrupted matrix
 * resumes where it stopped), and from it a Markdown table and a heatmap PNG of final accuracy,
 * attacks × rules.
 */
public final class MatrixReport {
    private MatrixReport() {}

    /** The cells in {@code csv}, later lines replacing earlier ones of the same key. */
    public static Map<String, MatrixCell> read(Path csv) {
        Map<String, MatrixCell> cells = new LinkedHashMap<>();
        if (!Files.exists(csv)) {
            return cells;
        }
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("attack,")) {
                    continue;
                }
                MatrixCell c = MatrixCell.parse(line);
                cells.put(c.key(), c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        return cells;
    }

    /** Appends {@code cell} to {@code csv}, writing the header first if the file is new. */
    public static void append(Path csv, MatrixCell cell) {
        try {
            if (!Files.exists(csv)) {
                Files.writeString(csv, MatrixCell.HEADER + "\n", StandardCharsets.UTF_8);
            }
            Files.writeString(
                    csv,
                    cell.toCsv() + "\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + csv, e);
        }
    }

    /** Final accuracy of each (attack, rule) among {@code cells} (null where missing or failed). */
    public static Double[][] grid(
            List<String> attacks, List<String> rules, Map<String, MatrixCell> byAttackRule) {
        Double[][] out = new Double[attacks.size()][rules.size()];
        for (int a = 0; a < attacks.size(); a++) {
            for (int r = 0; r < rules.size(); r++) {
                MatrixCell c = byAttackRule.get(attacks.get(a) + "/" + rules.get(r));
                out[a][r] = c != null && c.ok() ? c.finalAccuracy() : null;
            }
        }
        return out;
    }

    /**
     * The Markdown table: one row per attack, one column per rule, each cell the final accuracy in
     * percent and, when the clean FedAvg cell ({@code none}/{@code fedavg}) is known, the
     * difference to it in points.
     */
    public static String markdown(
            List<String> attacks, List<String> rules, Double[][] grid, Double clean) {
        StringBuilder sb = new StringBuilder();
        sb.append("| attack |");
        rules.forEach(r -> sb.append(' ').append(r).append(" |"));
        sb.append('\n').append("|---|");
        rules.forEach(r -> sb.append("---|"));
        sb.append('\n');
        for (int a = 0; a < attacks.size(); a++) {
            sb.append("| ").append(attacks.get(a)).append(" |");
            for (int r = 0; r < rules.size(); r++) {
                Double v = grid[a][r];
                if (v == null) {
                    sb.append(" – |");
                } else if (clean == null) {
                    sb.append(String.format(Locale.ROOT, " %.2f%% |", 100 * v));
                } else {
                    sb.append(
                            String.format(
                                    Locale.ROOT, " %.2f%% (%+.2f) |", 100 * v, 100 * (v - clean)));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Rewrites {@code robustness.md} and {@code robustness.png} in {@code dir} from the cells of
     * {@code csv} that match {@code config} (a cell of another configuration is kept in the CSV but
     * left out of the table).
     */
    public static void render(
            Path dir,
            Path csv,
            MatrixCell config,
            List<String> attacks,
            List<String> rules,
            String title) {
        Map<String, MatrixCell> byAttackRule = new LinkedHashMap<>();
        for (MatrixCell c : read(csv).values()) {
            if (sameConfig(c, config)) {
                byAttackRule.put(c.attack() + "/" + c.rule(), c);
            }
        }
        Double[][] grid = grid(attacks, rules, byAttackRule);
        MatrixCell cleanCell = byAttackRule.get("none/fedavg");
        Double clean = cleanCell != null && cleanCell.ok() ? cleanCell.finalAccuracy() : null;
        List<String> lines = new ArrayList<>();
        lines.add("# " + title);
        lines.add("");
        lines.add(
                "Final test accuracy after the last round; in brackets the difference to clean"
                        + " FedAvg (no attack, fedavg) in points. – = not run or failed.");
        lines.add("");
        lines.add(markdown(attacks, rules, grid, clean));
        try {
            Files.writeString(
                    dir.resolve("robustness.md"), String.join("\n", lines), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write robustness.md in " + dir, e);
        }
        Heatmap.write(attacks, rules, grid, title, dir.resolve("robustness.png"));
    }

    static boolean sameConfig(MatrixCell a, MatrixCell b) {
        return a.model().equals(b.model())
                && a.clients() == b.clients()
                && a.perRound() == b.perRound()
                && a.alpha().equals(b.alpha())
                && a.rounds() == b.rounds()
                && a.byzantineFraction() == b.byzantineFraction()
                && a.seed() == b.seed();
    }
}
