package io.fedstream.local.bench.learning;

import java.util.List;
import java.util.Locale;

/**
 * One cell of the learning bench: its configuration (the key a resumed bench compares) and what the
 * run measured. Accuracies are in [0, 1]; a threshold never reached is null (empty in the CSV).
 *
 * @param setting the optimizer's tuned hyper-parameter, e.g. {@code eta=0.01} or {@code mu=0.1}
 * @param round80 first round whose test accuracy is at least 80% (null: never)
 * @param seconds80 the job's round times summed over rounds 1..round80
 * @param status "ok", or why the cell failed (e.g. "exit 1")
 */
public record LearningCell(
        String model,
        String alpha,
        String optimizer,
        String setting,
        int rounds,
        int clients,
        int perRound,
        long seed,
        Double finalAccuracy,
        Double bestAccuracy,
        Integer round80,
        Integer round85,
        Double seconds80,
        Double seconds85,
        int roundsDone,
        double wallSeconds,
        String status) {

    public static final String HEADER =
            "model,alpha,optimizer,setting,rounds,clients,per_round,seed,final_accuracy,"
                    + "best_accuracy,round_80,round_85,seconds_80,seconds_85,rounds_done,wall_s,"
                    + "status";
    private static final int FIELDS = 17;

    /** A cell to run: configuration only. */
    public static LearningCell planned(
            String model,
            String alpha,
            String optimizer,
            String setting,
            int rounds,
            int clients,
            int perRound,
            long seed) {
        return new LearningCell(
                model, alpha, optimizer, setting, rounds, clients, perRound, seed, null, null, null,
                null, null, null, 0, 0, "");
    }

    /** This cell's configuration with the outcome of its run. */
    public LearningCell withOutcome(LearningCurve curve, double wall, String status) {
        return new LearningCell(
                model,
                alpha,
                optimizer,
                setting,
                rounds,
                clients,
                perRound,
                seed,
                curve.finalAccuracy(),
                curve.bestAccuracy(),
                curve.firstRoundReaching(0.80),
                curve.firstRoundReaching(0.85),
                curve.secondsToReach(0.80),
                curve.secondsToReach(0.85),
                curve.lastRound(),
                wall,
                status);
    }

    /** The configuration part, which identifies a cell across runs of the bench. */
    public String key() {
        return String.join(
                ",",
                model,
                alpha,
                optimizer,
                setting,
                Integer.toString(rounds),
                Integer.toString(clients),
                Integer.toString(perRound),
                Long.toString(seed));
    }

    /** A finished run that completed every planned round. */
    public boolean ok() {
        return "ok".equals(status) && finalAccuracy != null && roundsDone >= rounds;
    }

    /** The CSV line (no line break); the status is the last field and may not hold commas. */
    public String toCsv() {
        return String.join(
                ",",
                key(),
                opt(finalAccuracy),
                opt(bestAccuracy),
                round80 == null ? "" : round80.toString(),
                round85 == null ? "" : round85.toString(),
                seconds80 == null ? "" : String.format(Locale.ROOT, "%.1f", seconds80),
                seconds85 == null ? "" : String.format(Locale.ROOT, "%.1f", seconds85),
                Integer.toString(roundsDone),
                String.format(Locale.ROOT, "%.1f", wallSeconds),
                status.replace(',', ';'));
    }

    /** Parses a line written by {@link #toCsv()}. */
    public static LearningCell parse(String line) {
        List<String> f = List.of(line.split(",", -1));
        if (f.size() != FIELDS) {
            throw new IllegalArgumentException(
                    "learning CSV line has " + f.size() + " fields vs " + FIELDS + ": " + line);
        }
        return new LearningCell(
                f.get(0),
                f.get(1),
                f.get(2),
                f.get(3),
                Integer.parseInt(f.get(4)),
                Integer.parseInt(f.get(5)),
                Integer.parseInt(f.get(6)),
                Long.parseLong(f.get(7)),
                optDouble(f.get(8)),
                optDouble(f.get(9)),
                f.get(10).isEmpty() ? null : Integer.valueOf(f.get(10)),
                f.get(11).isEmpty() ? null : Integer.valueOf(f.get(11)),
                optDouble(f.get(12)),
                optDouble(f.get(13)),
                Integer.parseInt(f.get(14)),
                Double.parseDouble(f.get(15)),
                f.get(16));
    }

    private static String opt(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static Double optDouble(String s) {
        return s.isEmpty() ? null : Double.valueOf(s);
    }
}
