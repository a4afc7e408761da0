package io.fedstream.local;

import io.fedstream.data.Dataset;
import io.fedstream.data.FashionMnist;
import io.fedstream.edge.data.Partitioner;
import io.fedstream.edge.train.Nd4jTrainer;
import io.fedstream.evaluator.TestSetEvaluator;
import io.fedstream.job.round.ClientSchedule;
import io.fedstream.local.baseline.StepBudget;
import io.fedstream.model.ModelSpec;
import io.fedstream.model.ReferenceModel.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fedstream bench centralized}: the centralized baseline of a federated run. It trains the
 * same model, from the same initial parameters, with the same learning rate and batch size, on the
 * pooled training data (every client's partition together), and gives each round the SGD steps the
 * federated round spent: Σ over that round's selected clients of E · ceil(n_i / b), with the job's
 * own seeded selection ({@link StepBudget}). It takes the demo's federation flags, so a federated
 * result and its baseline come from the same command line. Writes {@code centralized.csv} (round,
 * steps, accuracy, loss) and prints the final and best accuracy.
 */
@Command(
        name = "fedstream bench centralized",
        mixinStandardHelpOptions = true,
        description =
                "Centralized baseline: the demo's model trained on the pooled data with the"
                        + " federated run's budget of local SGD steps per round.")
public final class CentralizedBaseline implements Callable<Integer> {
    @Mixin DemoFederationOptions federation = new DemoFederationOptions();

    @Option(
            names = "--out",
            defaultValue = "bench-out/centralized",
            description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--data-dir",
            description =
                    "Folder with the Fashion-MNIST IDX files (default $FEDSTREAM_DATA or"
                            + " /usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(
            names = "--evaluator-threads",
            defaultValue = "2",
            description = "Threads scoring the test set (default ${DEFAULT-VALUE}).")
    int evaluatorThreads;

    @Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CentralizedBaseline()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Path data = dataDir != null ? dataDir : FashionMnist.defaultDir();
        Dataset train = FashionMnist.train(data);
        Dataset test = FashionMnist.test(data);
        ModelSpec model = ModelSpec.parse(federation.model);
        Double alpha = federation.alphaValue(spec.commandLine());
        int[][] parts =
                Partitioner.partition(
                        train,
                        federation.clients,
                        alpha,
                        Partitioner.DEFAULT_MIN_SIZE,
                        federation.seed);
        int[] sizes = new int[parts.length];
        int pooledSize = 0;
        for (int i = 0; i < parts.length; i++) {
            sizes[i] = parts[i].length;
            pooledSize += sizes[i];
        }
        int[] pooled = new int[pooledSize];
        for (int i = 0, at = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, pooled, at, parts[i].length);
            at += parts[i].length;
        }
        StepBudget budget =
                new StepBudget(
                        sizes,
                        federation.perRound,
                        federation.localEpochs,
                        federation.batchSize,
                        federation.seed);
        System.out.printf(
                Locale.ROOT,
                "centralized baseline: %s on %d pooled examples of %d clients (%s), %d rounds of"
                        + " the steps of %d clients x %d local epochs, lr %s (x %s a round), batch %d,"
                        + " seed %d%n",
                model,
                pooledSize,
                federation.clients,
                alpha == null ? "IID" : "Dirichlet(" + alpha + ")",
                federation.rounds,
                federation.perRound,
                federation.localEpochs,
                federation.lr,
                federation.lrDecay,
                federation.batchSize,
                federation.seed);

        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("round,steps,accuracy,loss\n");
        float[] params = model.initialParameters(federation.seed);
        Nd4jTrainer trainer = new Nd4jTrainer(model);
        SplittableRandom rng = new SplittableRandom(federation.seed);
        int[] order = pooled.clone();
        int next = order.length; // forces a shuffle before the first batch
        double best = 0;
        double last = 0;
        try (TestSetEvaluator evaluator = new TestSetEvaluator(test, evaluatorThreads)) {
            for (int round = 1; round <= federation.rounds; round++) {
                long steps = budget.steps(round);
                int[] rows = new int[Math.toIntExact(steps * federation.batchSize)];
                for (int j = 0; j < rows.length; j++) {
                    if (next == order.length) {
                        shuffle(order, rng);
                        next = 0;
                    }
                    rows[j] = order[next++];
                }
                // One pass over exactly steps x b examples, in the drawn order: `steps` SGD steps.
                float[] delta =
                        trainer.train(
                                        params,
                                        train.subset(rows),
                                        1,
                                        ClientSchedule.learningRate(
                                                federation.lr, federation.lrDecay, round),
                                        federation.batchSize,
                                        rng.nextLong())
                                .delta();
                for (int i = 0; i < params.length; i++) {
                    params[i] += delta[i];
                }
                Evaluation e = evaluator.evaluate(model, params);
                last = e.accuracy();
                best = Math.max(best, last);
                csv.append(
                        String.format(
                                Locale.ROOT,
                                "%d,%d,%.6f,%.6f%n",
                                round,
                                steps,
                                e.accuracy(),
                                e.meanLoss()));
                System.out.printf(
                        Locale.ROOT,
                        "round %3d  steps %6d  test acc %6.2f%%  loss %.4f%n",
                        round,
                        steps,
                        100 * e.accuracy(),
                        e.meanLoss());
            }
        }
        Files.writeString(out.resolve("centralized.csv"), csv);
        System.out.printf(
                Locale.ROOT,
                "centralized: final %.2f%%, best %.2f%% (%s)%n",
                100 * last,
                100 * best,
                out.resolve("centralized.csv"));
        return 0;
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
