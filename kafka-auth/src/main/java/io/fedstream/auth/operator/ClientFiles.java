package io.fedstream.auth.operator;

import io.fedstream.identity.IdentityFiles;
import io.fedstream.identity.PublicIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The clients a command is about: their public identity files, given one by one or by folder. */
final class ClientFiles {
    @Parameters(
            arity = "0..*",
            paramLabel = "PUB",
            description =
                    "Clients' public identity files (ID.pub); the client id is the name in it.")
    List<Path> files = new ArrayList<>();

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Also every *.pub file in DIR (not its subfolders).")
    Path dir;

    /**
     * The clients, by id, in the order given ({@code --dir}'s files sorted by name, after the
     * files).
     *
     * @throws IllegalArgumentException if none is given, a file is not a public identity, or two
     *     files name one client with different keys
     */
    List<PublicIdentity> read() {
        List<Path> all = new ArrayList<>(files);
        if (dir != null) {
            all.addAll(pubFilesIn(dir));
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException(
                    "no client given: name .pub files, or --dir DIR"
                            + (dir != null ? " (" + dir + " holds no *.pub file)" : ""));
        }
        Map<String, PublicIdentity> byId = new LinkedHashMap<>();
        Map<String, Path> from = new LinkedHashMap<>();
        for (Path f : all) {
            PublicIdentity client = IdentityFiles.readPublic(f);
            PublicIdentity before = byId.putIfAbsent(client.name(), client);
            if (before != null && !before.equals(client)) {
                throw new IllegalArgumentException(
                        f
                                + " and "
                                + from.get(client.name())
                                + " both name client "
                                + client.name()
                                + ", with different keys");
            }
            from.putIfAbsent(client.name(), f);
        }
        return List.copyOf(byId.values());
    }

    private static List<Path> pubFilesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--dir " + dir + " is not a folder");
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.pub")) {
            s.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        out.sort(null);
        return out;
    }
}
