package io.fedstream.local.bench;

import io.fedstream.evaluator.report.MetricsCsv;
import io.fedstream.job.config.PrivacyOptions;
import io.fedstream.job.privacy.DpPlan;
import io.fedstream.local.DemoMain;
import io.fedstream.local.report.SweepPlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fedstream bench privacy}: accuracy against the privacy budget ε. Runs the real system
 * (the demo: broker, job on a MiniCluster, fleet, evaluator) once without DP and once per ε with
 * central DP-FedAvg and adaptive clipping, then writes {@code privacy.csv} (one row per run) and
 * {@code accuracy-vs-epsilon.png} into {@code --out}; each run's own metrics.csv, accuracy.png and
 * summary.txt go to a subfolder.
 */
@Command(
        name = "fedstream bench privacy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Sweep the DP budget epsilon and plot final accuracy against it.")
public final class PrivacyBench implements Callable<Integer> {

    @Option(
            names = "--epsilons",
            split = ",",
            defaultValue = "1,2,4,8",
            description = "Budgets to sweep, comma-separated (default ${DEFAULT-VALUE}).")
    List<Double> epsilons;

    @Option(names = "--no-baseline", description = "Skip the non-private run (the reference line).")
    boolean noBaseline;

    @Option(
            names = "--rounds",
            defaultValue = "30",
            description = "Rounds per run (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--clients",
            defaultValue = "1000",
            description = "Simulated clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--per-round",
            defaultValue = "50",
            description =
                    "Clients per round; q = per-round / clients under DP (default ${DEFAULT-VALUE}).")
    int perRound;

    @Option(
            names = "--model",
            defaultValue = "logreg",
            description = "Model (default ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--alpha",
            defaultValue = "0.5",
            description = "Dirichlet concentration or 'iid' (default ${DEFAULT-VALUE}).")
    String alpha;

    @Option(
            names = "--dp-delta",
            defaultValue = "1e-5",
            description = "Delta (default ${DEFAULT-VALUE}).")
    double delta;

    @Option(
            names = "--fixed-clip",
            description = "Fixed clipping at --clip instead of adaptive clipping.")
    boolean fixedClip;

    @Option(
            names = "--clip",
            defaultValue = "1.0",
            description = "Clip norm, initial value if adaptive (default ${DEFAULT-VALUE}).")
    double clip;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of every run (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            defaultValue = "bench-out/privacy",
            description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--replot",
            description =
                    "Run nothing: redraw "
                            + PNG
                            + " from --out's privacy.csv (the other flags give the title).")
    boolean replot;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PrivacyBench()).execute(args));
    }

    /** The demo flags of one run; {@code epsilon} null for the non-private run. */
    List<String> demoArgs(Double epsilon, Path runOut) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--clients", Integer.toString(clients),
                                "--per-round", Integer.toString(perRound),
                                "--model", model,
                                "--alpha", alpha,
                                "--rounds", Integer.toString(rounds),
                                "--seed", Long.toString(seed),
                                "--out", runOut.toString()));
        if (epsilon != null) {
            args.addAll(
                    List.of(
                            "--dp-epsilon",
                            Double.toString(epsilon),
                            "--dp-delta",
                            Double.toString(delta),
                            "--clip",
                            Double.toString(clip)));
            if (!fixedClip) {
                args.add("--adaptive-clip");
            }
        }
        return args;
    }

    @Override
    public Integer call() throws Exception {
        if (replot) {
            plot(SweepRow.read(out.resolve("privacy.csv")));
            System.out.println("wrote " + out.resolve(PNG));
            return 0;
        }
        Files.createDirectories(out);
        List<SweepRow> rows = new ArrayList<>();
        List<Double> runs = new ArrayList<>();
        if (!noBaseline) {
            runs.add(null);
        }
        runs.addAll(epsilons);
        for (Double epsilon : runs) {
            String name = epsilon == null ? "nonprivate" : "eps" + SweepRow.plain(epsilon);
            List<String> args = demoArgs(epsilon, out.resolve(name));
            System.out.println("== bench privacy: ./fedstream demo " + String.join(" ", args));
            DemoMain demo = new DemoMain();
            new CommandLine(demo).parseArgs(args.toArray(String[]::new));
            DemoMain.Result result = demo.run();
            SweepRow row = SweepRow.of(name, epsilon, result);
            rows.add(row);
            // Rewrite after every run so a long sweep leaves its partial results behind.
            SweepRow.write(out.resolve("privacy.csv"), rows);
            plot(rows);
            System.out.println("== " + SweepRow.format(row));
        }
        System.out.println("wrote " + out.resolve("privacy.csv") + ", " + out.resolve(PNG));
        return rows.stream().allMatch(SweepRow::complete) ? 0 : 1;
    }

    static final String PNG = "accuracy-vs-epsilon.png";

    private void plot(List<SweepRow> rows) {
        Double reference = null;
        List<SweepPlot.Point> points = new ArrayList<>();
        for (SweepRow r : rows) {
            if (r.epsilonTarget() == null) {
                reference = r.finalAccuracy();
            } else {
                points.add(new SweepPlot.Point(r.epsilonTarget(), r.finalAccuracy()));
            }
        }
        SweepPlot.write(
                List.of(
                        new SweepPlot.Series(
                                "central DP-FedAvg, "
                                        + (fixedClip ? "fixed" : "adaptive")
                                        + " clip",
                                points)),
                reference,
                "non-private",
                String.format(
                        Locale.ROOT,
                        "%s, %d clients, q = %.3f, %d rounds, delta %.0e",
                        model,
                        clients,
                        (double) perRound / clients,
                        rounds,
                        delta),
                "privacy budget epsilon (log scale)",
                out.resolve(PNG));
    }

    /**
     * One run of the sweep.
     *
     * @param epsilonTarget the budget, null for the non-private run
     * @param noiseMultiplier z of the accountant, null without DP
     * @param epsilonSpent ε after the last released round, null without DP
     */
    public record SweepRow(
            String run,
            Double epsilonTarget,
            Double noiseMultiplier,
            Double epsilonSpent,
            double finalAccuracy,
            double bestAccuracy,
            int rounds,
            boolean complete) {

        public static final String HEADER =
                "run,epsilon_target,noise_multiplier,epsilon_spent,final_accuracy,best_accuracy,rounds";

        static SweepRow of(String name, Double epsilon, DemoMain.Result result) {
            boolean dp = result.job().get(PrivacyOptions.DP);
            Double z = dp ? DpPlan.of(result.job()).noiseMultiplier : null;
            return of(name, epsilon, z, result.rows(), result.complete());
        }

        /** Summarises the per-round rows; round 0 (the initial model) is not a training round. */
        static SweepRow of(
                String name,
                Double epsilon,
                Double noiseMultiplier,
                List<MetricsCsv.Row> rounds,
                boolean complete) {
            double last = Double.NaN;
            double best = Double.NaN;
            Double spent = null;
            int trained = 0;
            for (MetricsCsv.Row r : rounds) {
                if (r.round() >= 1) {
                    trained++;
                }
                if (r.epsilon() != null) {
                    spent = r.epsilon();
                }
                if (r.accuracy() != null) {
                    last = r.accuracy();
                    best = Double.isNaN(best) ? last : Math.max(best, last);
                }
            }
            return new SweepRow(
                    name, epsilon, noiseMultiplier, spent, last, best, trained, complete);
        }

        static String format(SweepRow r) {
            return String.format(
                    Locale.ROOT,
                    "%s,%s,%s,%s,%.4f,%.4f,%d",
                    r.run(),
                    r.epsilonTarget() == null ? "" : plain(r.epsilonTarget()),
                    r.noiseMultiplier() == null
                            ? ""
                            : String.format(Locale.ROOT, "%.4f", r.noiseMultiplier()),
                    r.epsilonSpent() == null
                            ? ""
                            : String.format(Locale.ROOT, "%.4f", r.epsilonSpent()),
                    r.finalAccuracy(),
                    r.bestAccuracy(),
                    r.rounds());
        }

        static void write(Path csv, List<SweepRow> rows) throws java.io.IOException {
            StringBuilder b = new StringBuilder(HEADER).append('\n');
            for (SweepRow r : rows) {
                b.append(format(r)).append('\n');
            }
            Files.writeString(csv, b.toString());
        }

        /**
         * The rows of a {@code privacy.csv} as {@link #write} leaves it; a read row counts as
         * complete.
         */
        static List<SweepRow> read(Path csv) throws java.io.IOException {
            List<String> lines = Files.readAllLines(csv);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new IllegalArgumentException(
                        csv
                                + " starts with '"
                                + (lines.isEmpty() ? "" : lines.get(0))
                                + "' vs header '"
                                + HEADER
                                + "'");
            }
            List<SweepRow> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 7) {
                    throw new IllegalArgumentException(
                            "line '" + line + "' of " + csv + " has " + f.length + " fields vs 7");
                }
                rows.add(
                        new SweepRow(
                                f[0],
                                optional(f[1]),
                                optional(f[2]),
                                optional(f[3]),
                                Double.parseDouble(f[4]),
                                Double.parseDouble(f[5]),
                                Integer.parseInt(f[6]),
                                true));
            }
            return rows;
        }

        private static Double optional(String field) {
            return field.isEmpty() ? null : Double.valueOf(field);
        }

        static String plain(double v) {
            return new java.math.BigDecimal(Double.toString(v))
                    .stripTrailingZeros()
                    .toPlainString();
        }
    }
}
