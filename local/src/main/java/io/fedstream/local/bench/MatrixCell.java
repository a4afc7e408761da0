package io.fedstream.local.bench;

import java.util.List;
import java.util.Locale;

/**
 * One cell of the robustness matrix: the run's configuration (the key a resumed matrix compares)
 * and its measured outcome.
 *
 * @param finalAccuracy test accuracy after the last round, in [0, 1]; null if none was measured
 * @param status "ok", or why the cell failed (e.g. "exit 1")
 */
public record MatrixCell(
        String attack,
        String rule,
        String model,
        int clients,
        int perRound,
        String alpha,
        int rounds,
        double byzantineFraction,
        long seed,
        Double finalAccuracy,
        Double bestAccuracy,
        Double finalLoss,
        int roundsDone,
        double wallSeconds,
        String status) {

    public static final String HEADER =
            "attack,rule,model,clients,per_round,alpha,rounds,byzantine_fraction,seed,"
                    + "final_accuracy,best_accuracy,final_loss,rounds_done,wall_s,status";

    /** The configuration part, which identifies a cell across runs of the matrix. */
    public String key() {
        return String.join(
                ",",
                attack,
                rule,
                model,
                Integer.toString(clients),
                Integer.toString(perRound),
                alpha,
                Integer.toString(rounds),
                num(byzantineFraction),
                Long.toString(seed));
    }

    public boolean ok() {
        return "ok".equals(status) && finalAccuracy != null;
    }

    /** The CSV line (no line break); the status is the last field and may not hold commas. */
    public String toCsv() {
        return key()
                + ","
                + opt(finalAccuracy)
                + ","
                + opt(bestAccuracy)
                + ","
                + opt(finalLoss)
                + ","
                + roundsDone
                + ","
                + String.format(Locale.ROOT, "%.1f", wallSeconds)
                + ","
                + status.replace(',', ';');
    }

    /** Parses a line written by {@link #toCsv()}. */
    public static MatrixCell parse(String line) {
        List<String> f = List.of(line.split(",", -1));
        if (f.size() != 15) {
            throw new IllegalArgumentException(
                    "robustness CSV line has " + f.size() + " fields vs 15: " + line);
        }
        return new MatrixCell(
                f.get(0),
                f.get(1),
                f.get(2),
                Integer.parseInt(f.get(3)),
                Integer.parseInt(f.get(4)),
                f.get(5),
                Integer.parseInt(f.get(6)),
                Double.parseDouble(f.get(7)),
                Long.parseLong(f.get(8)),
                parseOpt(f.get(9)),
                parseOpt(f.get(10)),
                parseOpt(f.get(11)),
                Integer.parseInt(f.get(12)),
                Double.parseDouble(f.get(13)),
                f.get(14));
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String opt(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static Double parseOpt(String s) {
        return s.isEmpty() ? null : Double.parseDouble(s);
    }
}
