package io.fedstream.local.bench;

import io.fedstream.local.DemoMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./fedstream bench compression}: runs the demo (real broker, job, fleet, evaluator; its
 * defaults unless other demo flags are given) once per compression variant, one after the other in
 * this JVM, and tabulates final and best accuracy, uplink bytes per round and the ratio to dense
 * (serialized record sizes from the job's RoundMetrics) into {@code compression.csv} and {@code
 * compression.md} under {@code --out}. Each variant's own demo output is in {@code --out/<name>}.
 */
@Command(
        name = "fedstream bench compression",
        mixinStandardHelpOptions = true,
        description = "Accuracy and uplink bytes of none, topk, q8 and topk+q8 on the demo.")
public final class CompressionBench implements Callable<Integer> {

    @Option(
            names = "--out",
            defaultValue = "bench-out/compression",
            description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--variants",
            defaultValue = "none,topk,q8,topk+q8",
            split = ",",
            description = "Compression modes to run, in order (default ${DEFAULT-VALUE}).")
    List<String> variants;

    @Option(
            names = "--compression-ratio",
            defaultValue = "0.1",
            description = "Top-k ratio of the sparse variants (default ${DEFAULT-VALUE}).")
    double ratio;

    @Option(
            names = "--collect",
            description =
                    "Run nothing: tabulate the variant folders already under --out (e.g. after"
                            + " running variants in separate processes).")
    boolean collect;

    @Unmatched List<String> demoArgs = new ArrayList<>();

    /** One variant's outcome. */
    record Row(
            String variant,
            int rounds,
            double finalAccuracy,
            double bestAccuracy,
            double upPerRound,
            double densePerRound,
            double wallSeconds,
            int exitCode) {
        double ratioToDense() {
            return upPerRound / densePerRound;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CompressionBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        List<Row> rows = new ArrayList<>();
        for (String variant : variants) {
            Path dir = out.resolve(variant.replace('+', '-'));
            if (collect) {
                if (Files.exists(dir.resolve("communication.csv"))) {
                    rows.add(read(variant, dir, wallSeconds(dir), 0));
                }
                continue;
            }
            List<String> args = new ArrayList<>(demoArgs);
            args.addAll(
                    List.of(
                            "--out",
                            dir.toString(),
                            "--compression",
                            variant,
                            "--compression-ratio",
                            Double.toString(ratio)));
            System.out.println("=== compression " + variant + ": demo " + String.join(" ", args));
            long start = System.nanoTime();
            int code = new CommandLine(new DemoMain()).execute(args.toArray(new String[0]));
            double wall = (System.nanoTime() - start) / 1e9;
            rows.add(read(variant, dir, wall, code));
            write(rows);
        }
        if (collect) {
            write(rows);
        }
        System.out.println(Files.readString(out.resolve("compression.md")));
        return rows.stream().allMatch(r -> r.exitCode() == 0) ? 0 : 1;
    }

    /** The wall time the demo wrote into its summary.txt. */
    private static double wallSeconds(Path dir) throws IOException {
        String summary = Files.readString(dir.resolve("summary.txt"));
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("wall time (\\d+) s").matcher(summary);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static Row read(String variant, Path dir, double wall, int code) throws IOException {
        List<String> metrics = Files.readAllLines(dir.resolve("metrics.csv"));
        double last = Double.NaN;
        double best = Double.NaN;
        int rounds = 0;
        for (String line : metrics.subList(1, metrics.size())) {
            String[] f = line.split(",", -1);
            if (f[1].isEmpty()) {
                continue;
            }
            double acc = Double.parseDouble(f[1]);
            last = acc;
            best = Double.isNaN(best) ? acc : Math.max(best, acc);
            rounds = Integer.parseInt(f[0]);
        }
        long up = 0;
        long dense = 0;
        int trainedRounds = 0;
        List<String> comm = Files.readAllLines(dir.resolve("communication.csv"));
        for (String line : comm.subList(1, comm.size())) {
            String[] f = line.split(",", -1);
            if (Long.parseLong(f[0]) == 0) {
                continue; // round 0 is the initial model, no updates
            }
            up += Long.parseLong(f[1]);
            dense += Long.parseLong(f[2]);
            trainedRounds++;
        }
        return new Row(
                variant,
                rounds,
                last,
                best,
                (double) up / trainedRounds,
                (double) dense / trainedRounds,
                wall,
                code);
    }

    private void write(List<Row> rows) throws IOException {
        StringBuilder csv =
                new StringBuilder(
                        "variant,ratio,rounds,final_accuracy,best_accuracy,bytes_up_per_round,"
                                + "bytes_up_dense_per_round,ratio_to_dense,wall_s\n");
        StringBuilder md =
                new StringBuilder(
                        "| variant | rounds | final accuracy | vs none | best | uplink per round |"
                                + " dense equivalent | ratio to dense | wall time |\n"
                                + "|---|---|---|---|---|---|---|---|---|\n");
        Double baseline =
                rows.stream()
                        .filter(r -> r.variant().equals("none"))
                        .map(Row::finalAccuracy)
                        .findFirst()
                        .orElse(null);
        for (Row r : rows) {
            String name = r.variant().contains("topk") ? r.variant() + " " + ratio : r.variant();
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%s,%s,%d,%.6f,%.6f,%.0f,%.0f,%.6f,%.0f%n",
                            r.variant(),
                            r.variant().contains("topk") ? Double.toString(ratio) : "",
                            r.rounds(),
                            r.finalAccuracy(),
                            r.bestAccuracy(),
                            r.upPerRound(),
                            r.densePerRound(),
                            r.ratioToDense(),
                            r.wallSeconds()));
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %.2f%% | %s | %.2f%% | %.1f kB | %.1f kB | %.4f (1/%.2f) | %.0f s |%n",
                            name,
                            r.rounds(),
                            100 * r.finalAccuracy(),
                            baseline == null
                                    ? "-"
                                    : String.format(
                                            Locale.ROOT,
                                            "%+.2f",
                                            100 * (r.finalAccuracy() - baseline)),
                            100 * r.bestAccuracy(),
                            r.upPerRound() / 1e3,
                            r.densePerRound() / 1e3,
                            r.ratioToDense(),
                            1 / r.ratioToDense(),
                            r.wallSeconds()));
        }
        Files.writeString(out.resolve("compression.csv"), csv.toString());
        Files.writeString(out.resolve("compression.md"), md.toString());
    }
}
