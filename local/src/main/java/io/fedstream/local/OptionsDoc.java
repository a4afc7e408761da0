package io.fedstream.local;

import io.fedstream.edge.cli.EdgeProducerMain;
import io.fedstream.evaluator.EvaluatorMain;
import io.fedstream.job.config.OptionsMarkdown;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Writes docs/options.md: the job's options from their registry, the flags each program shares
 * under one name, and the {@code --help} of the demo, the edge producer and the evaluator. A test
 * keeps the checked-in file equal to {@link #markdown()}; regenerate it with {@code main PATH}.
 */
public final class OptionsDoc {
    private OptionsDoc() {}

    /** A flag inside a table cell. */
    static final Pattern FLAG = Pattern.compile("--[a-z][a-z0-9-]*");

    /** One concept and its flag in each program; "-" where a program has none. */
    record Concept(
            String concept,
            String job,
            String demo,
            String edge,
            String evaluator,
            String cluster) {}

    /** The flags the four programs share; OptionsDocTest checks each named flag exists. */
    static final List<Concept> CONCEPTS =
            List.of(
                    new Concept(
                            "Kafka brokers",
                            "--bootstrap-servers",
                            "- (embedded broker)",
                            "--bootstrap-servers",
                            "--bootstrap-servers",
                            "- (its own broker)"),
                    new Concept(
                            "Kafka client properties (SASL, TLS)",
                            "--kafka-properties (secrets as ${file:...} references only)",
                            "- (embedded broker)",
                            "--kafka-properties",
                            "--kafka-properties",
                            "- (written per principal by up)"),
                    new Concept(
                            "model id",
                            "--model-id",
                            "- (fashion-mnist)",
                            "--model-id",
                            "--model-id",
                            "evaluate: --model-id"),
                    new Concept(
                            "model architecture",
                            "--model-spec",
                            "--model-spec",
                            "- (from the job)",
                            "- (from the model)",
                            "submit: job flags"),
                    new Concept("rounds", "--num-rounds", "--num-rounds", "-", "-", "submit"),
                    new Concept(
                            "client population",
                            "--num-clients",
                            "--num-clients",
                            "--num-clients",
                            "-",
                            "edge: --num-clients (default: first client + N x clients)"),
                    new Concept(
                            "clients per round",
                            "--clients-per-round",
                            "--clients-per-round",
                            "-",
                            "-",
                            "submit"),
                    new Concept(
                            "clients of one process",
                            "-",
                            "- (all)",
                            "--clients",
                            "-",
                            "edge: --clients"),
                    new Concept(
                            "index of the first client",
                            "-",
                            "-",
                            "--first-client",
                            "-",
                            "edge: --first-client"),
                    new Concept(
                            "client training",
                            "--local-epochs, --learning-rate, --batch-size",
                            "--local-epochs, --learning-rate, --batch-size",
                            "- (from each RoundTask)",
                            "-",
                            "submit"),
                    new Concept(
                            "round deadline",
                            "--round-timeout",
                            "--round-timeout",
                            "-",
                            "-",
                            "submit"),
                    new Concept(
                            "seeds",
                            "--seed (model, sampling)",
                            "--seed (all of them)",
                            "--seed, --partition-seed (training, data split)",
                            "-",
                            "edge, submit"),
                    new Concept("label skew", "-", "--alpha", "--alpha", "-", "edge"),
                    new Concept(
                            "Fashion-MNIST folder",
                            "-",
                            "--data-dir",
                            "--data-dir",
                            "--data-dir",
                            "edge, evaluate"),
                    new Concept(
                            "training threads",
                            "-",
                            "--training-threads",
                            "--training-threads",
                            "-",
                            "edge"),
                    new Concept(
                            "test examples scored",
                            "-",
                            "--test-limit",
                            "-",
                            "--test-limit",
                            "evaluate"),
                    new Concept(
                            "topics",
                            "--topic-updates, --topic-heartbeats, --topic-round-tasks,"
                                    + " --topic-global-model, --topic-metrics, --topic-dead-letter",
                            "via --job-option (topic-updates=NAME, ...)",
                            "--topic-prefix, --topic-updates, --topic-heartbeats,"
                                    + " --topic-round-tasks, --topic-global-model",
                            "--topic-global-model, --topic-metrics",
                            "submit, edge, evaluate"),
                    new Concept(
                            "job parallelism",
                            "--parallelism",
                            "--parallelism",
                            "-",
                            "-",
                            "submit"),
                    new Concept(
                            "central DP",
                            "--dp, --privacy-budget, --dp-delta, --dp-clip, --dp-adaptive-clip,"
                                    + " --dp-noise-multiplier",
                            "--privacy-budget, --dp-delta, --dp-clip, --dp-adaptive-clip,"
                                    + " --dp-noise-multiplier (--privacy-budget turns DP on)",
                            "-",
                            "-",
                            "submit"),
                    new Concept(
                            "local DP",
                            "-",
                            "--local-dp-noise-multiplier, --local-dp-clip, --local-dp-delta,"
                                    + " --local-dp-epsilon",
                            "--local-dp-noise-multiplier, --local-dp-clip, --local-dp-delta,"
                                    + " --local-dp-epsilon",
                            "-",
                            "edge"),
                    new Concept(
                            "aggregation rule",
                            "--aggregator, --byzantine-f, --trim-beta, --multi-krum-m, --cc-tau,"
                                    + " --cc-iterations, --norm-bound",
                            "--aggregator, --byzantine-f, --trim-beta, --multi-krum-m, --cc-tau,"
                                    + " --cc-iterations, --norm-bound",
                            "-",
                            "-",
                            "submit"),
                    new Concept(
                            "server optimizer",
                            "--server-optimizer, --server-learning-rate, --server-momentum,"
                                    + " --server-beta1, --server-beta2, --server-tau",
                            "via --job-option (server-optimizer=fedadam, ...)",
                            "-",
                            "-",
                            "submit"),
                    new Concept(
                            "client guard",
                            "--guard-anomaly-detection, --guard-min-cosine, ...",
                            "--guard-anomaly-detection",
                            "-",
                            "-",
                            "submit"),
                    new Concept(
                            "simulated attack",
                            "-",
                            "--attack, --byzantine-fraction (and each attack's parameters)",
                            "--attack, --byzantine-fraction (and each attack's parameters)",
                            "-",
                            "edge"),
                    new Concept(
                            "uplink compression",
                            "-",
                            "--compression, --compression-ratio",
                            "--compression, --compression-ratio",
                            "-",
                            "edge"),
                    new Concept(
                            "keep running after the last round",
                            "-",
                            "-",
                            "--stay",
                            "--stay",
                            "edge, evaluate"));

    /** A flag renamed to match the others; the old name is still accepted, hidden from --help. */
    record Rename(String program, String oldName, String newName) {}

    static final List<Rename> RENAMES =
            List.of(
                    new Rename("demo", "--rounds", "--num-rounds"),
                    new Rename("demo", "--clients", "--num-clients"),
                    new Rename("demo", "--per-round", "--clients-per-round"),
                    new Rename("demo", "--model", "--model-spec"),
                    new Rename("demo", "--lr", "--learning-rate"),
                    new Rename("demo", "--dp-epsilon", "--privacy-budget"),
                    new Rename("demo", "--clip", "--dp-clip"),
                    new Rename("demo", "--adaptive-clip", "--dp-adaptive-clip"),
                    new Rename("demo", "--noise-multiplier", "--dp-noise-multiplier"),
                    new Rename("edge-producer", "--updates-topic", "--topic-updates"),
                    new Rename("edge-producer", "--heartbeats-topic", "--topic-heartbeats"),
                    new Rename("edge-producer", "--round-tasks-topic", "--topic-round-tasks"),
                    new Rename("edge-producer", "--global-model-topic", "--topic-global-model"),
                    new Rename("evaluator", "--global-model-topic", "--topic-global-model"),
                    new Rename("evaluator", "--metrics-topic", "--topic-metrics"),
                    new Rename("fedstream-cluster edge", "--per-process", "--clients"),
                    new Rename("fedstream-cluster edge", "--offset", "--first-client"));

    /** The whole of docs/options.md. */
    public static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Options\n\n")
                .append(
                        "<!-- Generated by io.fedstream.local.OptionsDoc; OptionsDocTest fails when")
                .append(" this file differs from its output. -->\n\n")
                .append("Every default of FedStream is documented here, once. The job's options")
                .append(" come from the options classes in `io.fedstream.job.config`; the")
                .append(" programs' sections are their `--help`.\n\n")
                .append("## Job options\n\n")
                .append("The federated server (`FedStreamJob`) takes each option as `--key value`")
                .append(" or `--key=value`: after the jar in `flink run`, after")
                .append(" `fedstream-cluster submit`, in docker-compose's `client` command, and in")
                .append(" the demo as `--job-option key=value`. Durations are Flink's (`90 s`,")
                .append(" `2 min`; a bare number is milliseconds). An option without a default is")
                .append(" unset until given; its description says what unset means.\n\n")
                .append(OptionsMarkdown.jobOptions(3))
                .append("## One concept, one flag\n\n")
                .append(
                        "| concept | job | demo | edge-producer | evaluator | fedstream-cluster |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Concept c : CONCEPTS) {
            b.append(row(c.concept(), c.job(), c.demo(), c.edge(), c.evaluator(), c.cluster()));
        }
        b.append("\n`fedstream-cluster submit` passes its flags to the job, `edge` to every")
                .append(" edge-producer and `evaluate` to the evaluator.\n\n")
                .append("### Renamed flags\n\n")
                .append("The old names are still accepted (hidden from `--help`).\n\n")
                .append("| program | old name | name |\n|---|---|---|\n");
        for (Rename r : RENAMES) {
            b.append(row(r.program(), r.oldName(), r.newName()));
        }
        b.append('\n');
        help(b, "Demo", "./fedstream demo --help", new CommandLine(new DemoMain()));
        help(
                b,
                "Edge producer",
                "java -jar fedstream-edge-producer-*.jar --help",
                new CommandLine(new EdgeProducerMain()));
        help(
                b,
                "Evaluator",
                "java -jar fedstream-evaluator-*.jar --help",
                new CommandLine(new EvaluatorMain()));
        return b.toString().stripTrailing() + "\n";
    }

    /** A table row; every flag in a cell set as code. */
    private static String row(String... cells) {
        StringBuilder b = new StringBuilder("|");
        for (String cell : cells) {
            b.append(' ').append(FLAG.matcher(cell).replaceAll("`$0`")).append(" |");
        }
        return b.append('\n').toString();
    }

    private static void help(StringBuilder b, String title, String command, CommandLine cl) {
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        // A fixed width: the terminal's would make the file depend on who generated it.
        cl.setUsageHelpAutoWidth(false);
        cl.setUsageHelpWidth(100);
        cl.usage(cl.getOut());
        cl.getOut().flush();
        b.append("## ").append(title).append("\n\n`").append(command).append("`\n\n```text\n");
        b.append(out.toString().stripTrailing()).append("\n```\n\n");
    }

    /** Writes the Markdown to {@code args[0]} (docs/options.md), or prints it. */
    public static void main(String[] args) throws IOException {
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), markdown());
        } else {
            System.out.print(markdown());
        }
    }
}
