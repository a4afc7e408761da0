package io.fedstream.local.bench;

import io.fedstream.edge.attack.AttackType;
import io.fedstream.edge.attack.ByzantineSelection;
import io.fedstream.job.aggregation.AggregationPlan;
import io.fedstream.local.DemoMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fedstream bench robustness}: the matrix {no attack + each attack} × {fedavg + each
 * robust rule}, each cell a full {@code ./fedstream demo} run (real broker, job on a MiniCluster,
 * edge fleet, evaluator) in its own JVM with the same seeds, {@code --byzantine-fraction} of the
 * clients attacking. Appends one line per cell to {@code robustness.csv} and rewrites {@code
 * robustness.md} and {@code robustness.png} after each; cells already in the CSV with status ok are
 * skipped, so an interrupted matrix resumes.
 *
 * <p>The rule is passed to the job as the option {@code aggregator} (and {@code byzantine-f} = the
 * expected Byzantine clients per round) when the job has those options; a rule other than fedavg on
 * a job without {@code aggregator} is refused up front rather than silently run as FedAvg.
 */
@Command(
        name = "fedstream bench robustness",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Final accuracy of every (attack, aggregation rule) on the demo defaults.")
public final class RobustnessBench implements Callable<Integer> {
    /** Every rule the job's {@code --aggregator} accepts. */
    static final List<String> ALL_RULES = AggregationPlan.NAMES;

    @Option(
            names = "--attacks",
            split = ",",
            description = "Attacks to run, comma-separated (default: none and every attack).")
    List<String> attacks;

    @Option(
            names = "--rules",
            split = ",",
            description =
                    "Aggregation rules, comma-separated (default: " + "fedavg and every rule).")
    List<String> rules;

    @Option(
            names = "--rounds",
            defaultValue = "30",
            description = "Rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--model",
            defaultValue = "mlp",
            description = "Model (default ${DEFAULT-VALUE}).")
    String model;

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

    @Option(
            names = "--alpha",
            defaultValue = "0.5",
            description = "Dirichlet alpha or iid (default ${DEFAULT-VALUE}).")
    String alpha;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--byzantine-fraction",
            defaultValue = "0.2",
            description =
                    "Share of Byzantine clients in attacked cells (default ${DEFAULT-VALUE}).")
    double byzantineFraction;

    @Option(
            names = "--out",
            defaultValue = "bench-out/robustness",
            description =
                    "Folder of the CSV, table, heatmap and per-cell runs (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--job-option",
            paramLabel = "KEY=VALUE",
            description = "Extra job option for every cell (e.g. trim-beta=0.2), repeatable.")
    Map<String, String> jobOptions = new LinkedHashMap<>();

    @Option(
            names = "--demo-arg",
            description =
                    "Extra ./fedstream demo argument for every cell, repeatable (e.g. --demo-arg=--local-epochs --demo-arg=2).")
    List<String> demoArgs = new ArrayList<>();

    @Option(
            names = "--report-only",
            description =
                    "Run no cell: rewrite robustness.md and robustness.png from the CSV for the"
                            + " attacks and rules given.")
    boolean reportOnly;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RobustnessBench()).execute(args));
    }

    List<String> attackList() {
        List<String> list = new ArrayList<>();
        if (attacks == null) {
            Arrays.stream(AttackType.values()).forEach(t -> list.add(t.cliName()));
        } else {
            for (String a : attacks) {
                list.add(AttackType.parse(a).cliName());
            }
        }
        return list;
    }

    List<String> ruleList() {
        return rules == null ? ALL_RULES : rules.stream().map(String::trim).toList();
    }

    /**
     * f passed to the rules: the expected Byzantine clients per round, round(fraction × per round).
     */
    int byzantineF() {
        return ByzantineSelection.count(perRound, byzantineFraction);
    }

    /** The demo arguments of one cell. */
    List<String> cellArgs(String attack, String rule, Path cellDir, Set<String> jobKeys) {
        List<String> a = new ArrayList<>();
        a.addAll(
                List.of(
                        "--rounds", Integer.toString(rounds),
                        "--clients", Integer.toString(clients),
                        "--per-round", Integer.toString(perRound),
                        "--alpha", alpha,
                        "--model", model,
                        "--seed", Long.toString(seed),
                        "--out", cellDir.toString()));
        if (!attack.equals(AttackType.NONE.cliName())) {
            a.addAll(
                    List.of(
                            "--attack",
                            attack,
                            "--byzantine-fraction",
                            Double.toString(byzantineFraction)));
        }
        if (jobKeys.contains("aggregator")) {
            a.addAll(List.of("--job-option", "aggregator=" + rule));
        }
        if (jobKeys.contains("byzantine-f")) {
            a.addAll(List.of("--job-option", "byzantine-f=" + byzantineF()));
        }
        jobOptions.forEach((k, v) -> a.addAll(List.of("--job-option", k + "=" + v)));
        a.addAll(demoArgs);
        return a;
    }

    @Override
    public Integer call() throws Exception {
        List<String> attackNames = attackList();
        List<String> ruleNames = ruleList();
        Set<String> jobKeys = DemoMain.jobOptionKeys();
        for (String rule : ruleNames) {
            if (!rule.equals("fedavg") && !jobKeys.contains("aggregator")) {
                System.err.println(
                        "rule '"
                                + rule
                                + "' needs the job option 'aggregator', which this build's job does"
                                + " not have (only fedavg); run with --rules fedavg");
                return 2;
            }
        }
        Files.createDirectories(out.resolve("cells"));
        Path csv = out.resolve("robustness.csv");
        MatrixCell config =
                new MatrixCell(
                        "",
                        "",
                        model,
                        clients,
                        perRound,
                        alpha,
                        rounds,
                        byzantineFraction,
                        seed,
                        null,
                        null,
                        null,
                        0,
                        0,
                        "");
        String title =
                String.format(
                        Locale.ROOT,
                        "Final accuracy: %s, %d clients, %d/round, alpha %s, %d rounds, %.0f%% Byzantine",
                        model,
                        clients,
                        perRound,
                        alpha,
                        rounds,
                        100 * byzantineFraction);
        if (reportOnly) {
            MatrixReport.render(out, csv, config, attackNames, ruleNames, title);
            System.out.println(
                    "wrote " + out.resolve("robustness.md") + ", " + out.resolve("robustness.png"));
            return 0;
        }
        int failed = 0;
        for (String attack : attackNames) {
            for (String rule : ruleNames) {
                MatrixCell planned = withCell(config, attack, rule);
                MatrixCell done = MatrixReport.read(csv).get(planned.key());
                if (done != null && done.ok()) {
                    System.out.printf(
                            Locale.ROOT,
                            "skip %-16s %-18s already measured: %.2f%%%n",
                            attack,
                            rule,
                            100 * done.finalAccuracy());
                    continue;
                }
                MatrixCell result =
                        runCell(planned, cellArgs(attack, rule, cellDir(attack, rule), jobKeys));
                MatrixReport.append(csv, result);
                MatrixReport.render(out, csv, config, attackNames, ruleNames, title);
                if (!result.ok()) {
                    failed++;
                }
            }
        }
        MatrixReport.render(out, csv, config, attackNames, ruleNames, title);
        System.out.println(
                "wrote "
                        + csv
                        + ", "
                        + out.resolve("robustness.md")
                        + ", "
                        + out.resolve("robustness.png"));
        return failed == 0 ? 0 : 1;
    }

    private Path cellDir(String attack, String rule) {
        return out.resolve("cells").resolve(attack + "__" + rule);
    }

    private static MatrixCell withCell(MatrixCell c, String attack, String rule) {
        return new MatrixCell(
                attack,
                rule,
                c.model(),
                c.clients(),
                c.perRound(),
                c.alpha(),
                c.rounds(),
                c.byzantineFraction(),
                c.seed(),
                null,
                null,
                null,
                0,
                0,
                "");
    }

    /** Runs one cell in a child JVM ({@link DemoProcess}). */
    private MatrixCell runCell(MatrixCell planned, List<String> args)
            throws IOException, InterruptedException {
        Path dir = cellDir(planned.attack(), planned.rule());
        System.out.printf(Locale.ROOT, "run  %-16s %-18s ...%n", planned.attack(), planned.rule());
        DemoProcess.Result run = DemoProcess.run(args, dir);
        int exit = run.exitCode();
        double wall = run.wallSeconds();
        CellOutcome o = CellOutcome.read(dir.resolve("metrics.csv"));
        Double last = o.finalAccuracy();
        Double best = o.bestAccuracy();
        Double loss = o.finalLoss();
        int done = o.lastRound();
        String status = exit == 0 ? "ok" : "exit " + exit;
        MatrixCell result =
                new MatrixCell(
                        planned.attack(),
                        planned.rule(),
                        planned.model(),
                        planned.clients(),
                        planned.perRound(),
                        planned.alpha(),
                        planned.rounds(),
                        planned.byzantineFraction(),
                        planned.seed(),
                        last,
                        best,
                        loss,
                        done,
                        wall,
                        status);
        System.out.printf(
                Locale.ROOT,
                "done %-16s %-18s %s, final accuracy %s, %.0f s%n",
                planned.attack(),
                planned.rule(),
                status,
                last == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * last),
                wall);
        return result;
    }
}
