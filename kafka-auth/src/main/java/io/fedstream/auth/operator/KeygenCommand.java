package io.fedstream.auth.operator;

import io.fedstream.identity.Identity;
import io.fedstream.identity.IdentityFiles;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code keygen}: new identities (Ed25519 and X25519 pairs from SecureRandom), each written as
 * {@code NAME.key} (0600) and {@code NAME.pub} ({@link IdentityFiles}). An existing file is never
 * overwritten; nothing is written unless every target is free.
 */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Writes a new identity: FILE.key (private, 0600, never share it) and FILE.pub (public:"
                    + " enroll it, or give it to the edges and evaluators for the job's key)."
                    + " Refuses to overwrite.",
            ""
        })
final class KeygenCommand implements Callable<Integer> {

    static final class Target {
        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE.key",
                description = "The private key file to write; FILE.pub is written beside it.")
        Path out;

        @Option(
                names = "--name",
                paramLabel = "NAME",
                description =
                        "The identity's name (for a client: its client id). Default: FILE without"
                                + " .key.")
        String name;
    }

    static final class Batch {
        @Option(
                names = "--dir",
                required = true,
                paramLabel = "DIR",
                description = "Write DIR/NAME.key and DIR/NAME.pub for every NAME given.")
        Path dir;

        @Parameters(
                arity = "1..*",
                paramLabel = "NAME",
                description = "Names (client ids) of the identities to create in --dir.")
        List<String> names;
    }

    static final class Where {
        @ArgGroup(exclusive = false)
        Target one;

        @ArgGroup(exclusive = false)
        Batch many;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    @ParentCommand OperatorMain main;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Path> files;
        try {
            files = targets();
        } catch (IllegalArgumentException e) {
            OperatorMain.error(spec.commandLine(), e.getMessage());
            return OperatorMain.BAD_USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            for (Map.Entry<String, Path> f : files.entrySet()) {
                Identity identity = Identity.generate(f.getKey(), main.random);
                IdentityFiles.write(identity, f.getValue());
                out.println(
                        "wrote "
                                + f.getValue()
                                + " (private, 0600) and "
                                + IdentityFiles.publicFileOf(f.getValue())
                                + ": "
                                + identity.publicIdentity());
            }
        } catch (IllegalStateException | UncheckedIOException e) {
            OperatorMain.error(spec.commandLine(), e.getMessage());
            return OperatorMain.BAD_USAGE;
        } finally {
            out.flush();
        }
        return 0;
    }

    /** Name to key file of every identity to write; fails if any file exists. */
    Map<String, Path> targets() {
        Map<String, Path> files = new LinkedHashMap<>();
        if (where.one != null) {
            Path key = where.one.out;
            String file = key.getFileName().toString();
            if (!file.endsWith(".key")) {
                throw new IllegalArgumentException("--out " + key + ": the name must end in .key");
            }
            String name =
                    where.one.name != null
                            ? where.one.name
                            : file.substring(0, file.length() - ".key".length());
            files.put(checkName(name), key);
        } else {
            for (String name : where.many.names) {
                if (files.put(checkName(name), where.many.dir.resolve(name + ".key")) != null) {
                    throw new IllegalArgumentException("name " + name + " is given twice");
                }
            }
        }
        List<String> taken = new ArrayList<>();
        for (Path key : files.values()) {
            for (Path f : List.of(key, IdentityFiles.publicFileOf(key))) {
                if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                    taken.add(f.toString());
                }
            }
        }
        if (!taken.isEmpty()) {
            throw new IllegalArgumentException(
                    "refusing to overwrite " + String.join(", ", taken) + " (nothing written)");
        }
        return files;
    }

    /** A name becomes a file name and a client id: no path separators, no control characters. */
    private static String checkName(String name) {
        if (name.isEmpty()
                || name.length() > 128
                || name.contains("/")
                || name.startsWith(".")
                || name.codePoints().anyMatch(c -> Character.isISOControl(c) || c == ' ')) {
            throw new IllegalArgumentException(
                    "name '"
                            + name
                            + "' must be 1-128 characters without '/', spaces or control"
                            + " characters, not starting with '.'");
        }
        return name;
    }
}
