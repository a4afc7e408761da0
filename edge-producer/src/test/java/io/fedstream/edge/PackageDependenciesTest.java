package io.fedstream.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.edge.client.EdgeClient;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Package rules of the edge client, checked on the compiled classes (a class names every type it
 * uses in its constant pool as {@code io/fedstream/...}): the production client and its pipeline
 * use nothing of the attack simulation, which only the simulated fleet inserts. Stands in for the
 * ArchUnit rules until the build has them.
 */
class PackageDependenciesTest {
    private static final String ATTACK = "io/fedstream/edge/attack/";

    private static Path classes(String pkg) throws URISyntaxException {
        Path root =
                Path.of(
                        EdgeClient.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        return root.resolve("io/fedstream/edge").resolve(pkg);
    }

    /** The classes of {@code pkg} (outer name before any '$') whose bytes mention {@code ref}. */
    private static List<String> referring(String pkg, String ref, List<String> allowed)
            throws IOException, URISyntaxException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes(pkg))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String outer = f.getFileName().toString().replaceAll("[$.].*", "");
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                if (!allowed.contains(outer) && bytes.contains(ref)) {
                    out.add(pkg + "/" + f.getFileName());
                }
            }
        }
        return out;
    }

    @Test
    void onlyTheSimulatedFleetOfTheClientPackageUsesTheAttackPackage() throws Exception {
        assertThat(referring("client", ATTACK, List.of("Fleet", "FleetConfig"))).isEmpty();
        assertThat(referring("client", ATTACK, List.of())).isNotEmpty(); // the check can see one
    }

    @Test
    void thePipelineUsesNeitherTheAttackNorTheClientPackage() throws Exception {
        assertThat(referring("pipeline", ATTACK, List.of())).isEmpty();
        assertThat(referring("pipeline", "io/fedstream/edge/client/", List.of())).isEmpty();
    }
}
