package io.fedstream.local.bench;

import io.fedstream.local.DemoMain;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code ./fedstream demo} run of a benchmark cell in a child JVM, with this JVM's flags and
 * classpath: every cell starts from a fresh broker, job and heap, so one cell's state or leak
 * cannot change the next one's result. The arguments go to {@code dir/command.txt}, the output to
 * {@code dir/demo.log}; the demo itself writes its {@code metrics.csv} into the {@code --out} it is
 * given.
 */
public final class DemoProcess {
    /** The child's exit code and its wall time, start to exit. */
    public record Result(int exitCode, double wallSeconds) {}

    private DemoProcess() {}

    public static Result run(List<String> demoArgs, Path dir)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DemoMain.class.getName()));
        cmd.addAll(demoArgs);
        Files.writeString(
                dir.resolve("command.txt"),
                String.join(" ", demoArgs) + "\n",
                StandardCharsets.UTF_8);
        long start = System.nanoTime();
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("demo.log").toFile())
                        .start();
        int exit = p.waitFor();
        return new Result(exit, (System.nanoTime() - start) / 1e9);
    }
}
