package io.fedstream.local.bench.learning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learning bench on disk: {@code learning.csv}, appended one cell at a time so an interrupted
 * bench resumes where it stopped, and the Markdown tables made from it.
 */
public final class LearningReport {
    private LearningReport() {}

    /** The cells of {@code csv}, later lines replacing earlier ones of the same key. */
    public static Map<String, LearningCell> read(Path csv) {
        Map<String, LearningCell> cells = new LinkedHashMap<>();
        if (!Files.exists(csv)) {
            return cells;
        }
        try {
            for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.equals(LearningCell.HEADER)) {
                    continue;
                }
                LearningCell c = LearningCell.parse(line);
                cells.put(c.key(), c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        return cells;
    }

    /** Appends {@code cell} to {@code csv}, writing the header first if the file is new. */
    public static void append(Path csv, LearningCell cell) {
        try {
            if (!Files.exists(csv)) {
                Files.writeString(csv, LearningCell.HEADER + "\n", StandardCharsets.UTF_8);
            }
            Files.writeString(
                    csv, cell.toCsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + csv, e);
        }
    }

    /**
     * The report: per model, the chosen setting of each optimizer on every data split, then the
     * tuning grid at the tuning split. {@code results} are the cells of the chosen settings in
     * table order; {@code tuning} all cells at the tuning split; {@code chosen} maps
     * "model/optimizer" to the chosen setting.
     */
    public static String markdown(
            String title,
            List<LearningCell> results,
            List<LearningCell> tuning,
            Map<String, String> chosen,
            String tuneAlpha) {
        StringBuilder b = new StringBuilder("# ").append(title).append("\n\n");
        b.append("Final = test accuracy after the last round (not the best round). Rounds and")
                .append(" seconds to a target: the first round at or above it and the job's round")
                .append(" times summed up to it; - = never reached.\n\n");
        b.append("| model | data | optimizer | setting | final | best | rounds to 80% | to 85% |")
                .append(" seconds to 80% | to 85% | wall s |\n");
        b.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LearningCell c : results) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                            c.model(),
                            data(c.alpha()),
                            c.optimizer(),
                            c.setting(),
                            pct(c),
                            c.bestAccuracy() == null ? "-" : pct(c.bestAccuracy()),
                            orDash(c.round80()),
                            orDash(c.round85()),
                            secs(c.seconds80()),
                            secs(c.seconds85()),
                            c.ok()
                                    ? String.format(Locale.ROOT, "%.0f", c.wallSeconds())
                                    : c.status()));
        }
        b.append("\n## Tuning grid (").append(data(tuneAlpha)).append(")\n\n");
        b.append("Each optimizer's setting was chosen by final accuracy on this split; the chosen")
                .append(" one is in bold and is the one used on the other splits.\n\n");
        b.append("| model | optimizer | setting | final | best |\n|---|---|---|---:|---:|\n");
        for (LearningCell c : tuning) {
            boolean pick = c.setting().equals(chosen.get(c.model() + "/" + c.optimizer()));
            String setting = pick ? "**" + c.setting() + "**" : c.setting();
            b.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s |\n",
                            c.model(),
                            c.optimizer(),
                            setting,
                            pct(c),
                            c.bestAccuracy() == null ? "-" : pct(c.bestAccuracy())));
        }
        return b.toString();
    }

    static String data(String alpha) {
        return alpha.equalsIgnoreCase("iid") ? "IID" : "Dirichlet(" + alpha + ")";
    }

    private static String pct(LearningCell c) {
        if (c.finalAccuracy() == null) {
            return c.status().isEmpty() ? "-" : c.status();
        }
        String v = pct(c.finalAccuracy());
        return c.ok() ? v : v + " (" + c.roundsDone() + " rounds, " + c.status() + ")";
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String orDash(Integer v) {
        return v == null ? "-" : v.toString();
    }

    private static String secs(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }
}
