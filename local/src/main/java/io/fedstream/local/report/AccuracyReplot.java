package io.fedstream.local.report;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Redraws a demo run's {@code accuracy.png} from its {@code metrics.csv} without rerunning it. The
 * CSV does not record the model or the partition, so the title is given on the command line.
 */
@Command(
        name = "accuracy-replot",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Redraw accuracy.png of a demo run from its metrics.csv.")
public final class AccuracyReplot implements Callable<Integer> {

    @Option(names = "--csv", required = true, description = "The run's metrics.csv.")
    Path csv;

    @Option(
            names = "--title",
            required = true,
            description =
                    "Chart title, e.g. 'FedStream mlp:784-128-10, Dir(0.5), 100 clients, 10/round'.")
    String title;

    @Option(names = "--png", description = "Output PNG (default: accuracy.png beside the CSV).")
    Path png;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AccuracyReplot()).execute(args));
    }

    /** The PNG written: {@code --png}, or accuracy.png in the CSV's folder. */
    Path target() {
        if (png != null) {
            return png;
        }
        Path dir = csv.toAbsolutePath().getParent();
        return dir.resolve("accuracy.png");
    }

    @Override
    public Integer call() {
        Path out = target();
        LinePlot.write(LinePlot.read(csv), title, out);
        System.out.println("wrote " + out);
        return 0;
    }
}
