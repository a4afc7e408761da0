package io.fedstream.local.bench.learning;

import io.fedstream.local.bench.DemoProcess;
import io.fedstream.local.report.CurvesPlot;
import io.fedstream.model.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fedstream bench learning}: {models} × {data splits} × {server optimizers and FedProx},
 * each cell a full {@code ./fedstream demo} run (real broker, job, fleet, evaluator) in its own JVM
 * with the same seed. Per model, every setting of every optimizer's grid ({@link LearningGrid}) is
 * run on the tuning split first; the setting with the best final accuracy there is then run on the
 * other splits. One CSV line per cell ({@code learning.csv}); {@code learning.md} and one PNG per
 * model are rewritten after each cell; cells already in the CSV with status ok are skipped, so an
 * interrupted bench resumes.
 */
@Command(
        name = "fedstream bench learning",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Final and best accuracy, rounds and time to 80%/85% of every (model, split,"
                        + " optimizer), each optimizer tuned on a small grid.")
public final class LearningBench implements Callable<Integer> {

    @Option(
            names = "--models",
            split = ",",
            defaultValue = "logreg,mlp,cnn",
            description = "Model specs, comma-separated (default ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(
            names = "--alphas",
            split = ",",
            defaultValue = "iid,0.5,0.1",
            description = "Data splits: iid or a Dirichlet alpha (default ${DEFAULT-VALUE}).")
    List<String> alphas;

    @Option(
            names = "--optimizers",
            split = ",",
            defaultValue = "fedavg,fedavgm,fedadam,fedyogi,fedprox",
            description = "Optimizers (default ${DEFAULT-VALUE}).")
    List<String> optimizers;

    @Option(
            names = "--tune-alpha",
            defaultValue = "0.5",
            description = "Split on which each optimizer's grid is run (default ${DEFAULT-VALUE}).")
    String tuneAlpha;

    @Option(
            names = "--grid",
            paramLabel = "OPTIMIZER=V1:V2..",
            description =
                    "Replace an optimizer's grid: server learning rates (fedavg, fedavgm,"
                            + " fedadam, fedyogi) or mu (fedprox), e.g. --grid fedadam=0.01:0.03."
                            + " Repeatable.")
    Map<String, String> gridOverrides = new LinkedHashMap<>();

    @Option(
            names = "--rounds",
            defaultValue = "50",
            description = "Rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--clients",
            defaultValue = "100",
            description = "Clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--per-round",
            defaultValue = "10",
            description = "Clients per round (default ${DEFAULT-VALUE}).")
    int perRound;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            defaultValue = "bench-out/learning",
            description = "Folder of the CSV, report, PNGs and cells (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--demo-arg",
            description =
                    "Extra ./fedstream demo argument for every cell, repeatable (e.g."
                            + " --demo-arg=--local-epochs --demo-arg=2).")
    List<String> demoArgs = new ArrayList<>();

    @Option(
            names = "--model-args",
            paramLabel = "MODEL=ARGS",
            description =
                    "Extra demo arguments for one model's cells, space-separated, e.g."
                            + " --model-args 'cnn=--lr 0.05'; repeatable. Without one, cnn"
                            + " cells run with '"
                            + CNN_DEFAULT_ARGS
                            + "' (about 20 s a round here instead of the demo's 10 epochs'"
                            + " 120 s).")
    Map<String, String> modelArgs = new LinkedHashMap<>();

    /** The cnn cells' client work unless --model-args says otherwise: 2 local epochs. */
    static final String CNN_DEFAULT_ARGS = "--local-epochs 2";

    @Option(
            names = "--report-only",
            description = "Run no cell: rewrite learning.md and the PNGs from the CSV.")
    boolean reportOnly;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LearningBench()).execute(args));
    }

    LearningGrid grid() {
        Map<String, List<String>> overrides = new LinkedHashMap<>();
        gridOverrides.forEach(
                (opt, values) -> {
                    String name = opt.trim().toLowerCase(Locale.ROOT);
                    String param = name.equals("fedprox") ? "mu=" : "eta=";
                    overrides.put(
                            name,
                            List.of(values.split(":")).stream()
                                    .map(v -> param + v.trim())
                                    .toList());
                });
        return LearningGrid.of(optimizers, overrides);
    }

    LearningCell planned(String model, String alpha, String optimizer, String setting) {
        return LearningCell.planned(
                model, alpha, optimizer, setting, rounds, clients, perRound, seed);
    }

    Path cellDir(LearningCell c) {
        String name =
                String.join("__", c.model(), c.alpha(), c.optimizer(), c.setting())
                        .replaceAll("[^A-Za-z0-9._=-]", "_");
        return out.resolve("cells").resolve(name);
    }

    /** The demo arguments of one cell. */
    List<String> cellArgs(LearningCell c) {
        List<String> a = new ArrayList<>();
        a.addAll(
                List.of(
                        "--rounds", Integer.toString(rounds),
                        "--clients", Integer.toString(clients),
                        "--per-round", Integer.toString(perRound),
                        "--alpha", c.alpha(),
                        "--model", c.model(),
                        "--seed", Long.toString(seed),
                        "--out", cellDir(c).toString()));
        a.addAll(LearningGrid.args(c.optimizer(), c.setting()));
        a.addAll(demoArgs);
        String extra =
                modelArgs.getOrDefault(
                        c.model(),
                        c.model().trim().toLowerCase(Locale.ROOT).startsWith("cnn")
                                ? CNN_DEFAULT_ARGS
                                : null);
        if (extra != null && !extra.isBlank()) {
            a.addAll(List.of(extra.trim().split("\\s+")));
        }
        return a;
    }

    @Override
    public Integer call() throws Exception {
        LearningGrid grid = grid();
        for (String m : models) {
            ModelSpec.parse(m); // an unknown model fails here, not after hours of other cells
        }
        Files.createDirectories(out.resolve("cells"));
        Path csv = out.resolve("learning.csv");
        int failed = 0;
        for (String model : reportOnly ? List.<String>of() : models) {
            for (String opt : grid.optimizers()) {
                for (String setting : grid.settings(opt)) {
                    failed += runIfMissing(csv, planned(model, tuneAlpha, opt, setting)) ? 0 : 1;
                    render(grid, csv);
                }
            }
            for (String alpha : alphas) {
                if (alpha.equals(tuneAlpha)) {
                    continue;
                }
                for (String opt : grid.optimizers()) {
                    String chosen =
                            grid.chosen(opt, tuning(LearningReport.read(csv), grid, model, opt));
                    if (chosen != null) {
                        failed += runIfMissing(csv, planned(model, alpha, opt, chosen)) ? 0 : 1;
                        render(grid, csv);
                    }
                }
            }
        }
        render(grid, csv);
        System.out.println("wrote " + csv + ", " + out.resolve("learning.md"));
        return failed == 0 ? 0 : 1;
    }

    /** The tuning cells of (model, optimizer) among {@code all}, by setting. */
    private Map<String, LearningCell> tuning(
            Map<String, LearningCell> all, LearningGrid grid, String model, String opt) {
        Map<String, LearningCell> bySetting = new LinkedHashMap<>();
        for (String s : grid.settings(opt)) {
            LearningCell c = all.get(planned(model, tuneAlpha, opt, s).key());
            if (c != null) {
                bySetting.put(s, c);
            }
        }
        return bySetting;
    }

    /** Runs {@code planned} unless the CSV has it finished; false if the run failed. */
    private boolean runIfMissing(Path csv, LearningCell planned) throws Exception {
        LearningCell done = LearningReport.read(csv).get(planned.key());
        if (done != null && done.ok()) {
            System.out.printf(Locale.ROOT, "skip %s: already measured%n", planned.key());
            return true;
        }
        Path dir = cellDir(planned);
        System.out.printf(Locale.ROOT, "run  %s ...%n", planned.key());
        DemoProcess.Result run = DemoProcess.run(cellArgs(planned), dir);
        LearningCurve curve = LearningCurve.read(dir.resolve("metrics.csv"));
        String status = run.exitCode() == 0 ? "ok" : "exit " + run.exitCode();
        LearningCell result = planned.withOutcome(curve, run.wallSeconds(), status);
        LearningReport.append(csv, result);
        System.out.printf(
                Locale.ROOT,
                "done %s: %s, final %s, %.0f s%n",
                planned.key(),
                status,
                result.finalAccuracy() == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.2f%%", 100 * result.finalAccuracy()),
                run.wallSeconds());
        return result.ok();
    }

    /** Rewrites learning.md and one PNG per model from the CSV. */
    void render(LearningGrid grid, Path csv) throws Exception {
        Map<String, LearningCell> all = LearningReport.read(csv);
        Map<String, String> chosen = new LinkedHashMap<>();
        List<LearningCell> results = new ArrayList<>();
        List<LearningCell> tuningCells = new ArrayList<>();
        for (String model : models) {
            List<CurvesPlot.Curve> curves = new ArrayList<>();
            for (String opt : grid.optimizers()) {
                Map<String, LearningCell> tuning = tuning(all, grid, model, opt);
                tuningCells.addAll(tuning.values());
                String pick = grid.chosen(opt, tuning);
                if (pick == null) {
                    continue;
                }
                chosen.put(model + "/" + opt, pick);
                LearningCell tuned = tuning.get(pick);
                curves.add(
                        new CurvesPlot.Curve(
                                opt + " " + pick, points(cellDir(tuned).resolve("metrics.csv"))));
            }
            for (String alpha : alphas) {
                for (String opt : grid.optimizers()) {
                    String pick = chosen.get(model + "/" + opt);
                    LearningCell c =
                            pick == null ? null : all.get(planned(model, alpha, opt, pick).key());
                    if (c != null) {
                        results.add(c);
                    }
                }
            }
            if (!curves.isEmpty()) {
                CurvesPlot.write(
                        curves,
                        String.format(
                                Locale.ROOT,
                                "%s, %s: test accuracy by round, each optimizer at its chosen setting",
                                model,
                                LearningReport.data(tuneAlpha)),
                        out.resolve("learning-" + model.replaceAll("[^A-Za-z0-9-]", "_") + ".png"));
            }
        }
        String title =
                String.format(
                        Locale.ROOT,
                        "Learning bench: %d clients, %d per round, %d rounds, seed %d",
                        clients,
                        perRound,
                        rounds,
                        seed);
        Files.writeString(
                out.resolve("learning.md"),
                LearningReport.markdown(title, results, tuningCells, chosen, tuneAlpha),
                StandardCharsets.UTF_8);
    }

    private static List<CurvesPlot.Point> points(Path metricsCsv) {
        return LearningCurve.read(metricsCsv).points().stream()
                .map(p -> new CurvesPlot.Point(p.round(), p.accuracy()))
                .toList();
    }
}
