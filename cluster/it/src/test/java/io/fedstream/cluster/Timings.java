package io.fedstream.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** What ClusterITCase measured, in order: printed and written to a file at the end. */
final class Timings {
    private final Map<String, String> values = new LinkedHashMap<>();

    void put(String what, String value) {
        values.put(what, value);
    }

    static String since(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    void write(Path file) throws Exception {
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        System.out.print("ClusterITCase timings\n" + text);
        Files.writeString(
                file, text, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
