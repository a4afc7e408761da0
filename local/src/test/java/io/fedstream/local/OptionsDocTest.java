package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.edge.cli.EdgeProducerMain;
import io.fedstream.evaluator.EvaluatorMain;
import io.fedstream.job.config.FedStreamOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** docs/options.md is what OptionsDoc generates, and the flags its tables name exist. */
class OptionsDocTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final CommandSpec DEMO = new CommandLine(new DemoMain()).getCommandSpec();
    private static final CommandSpec EDGE =
            new CommandLine(new EdgeProducerMain()).getCommandSpec();
    private static final CommandSpec EVALUATOR =
            new CommandLine(new EvaluatorMain()).getCommandSpec();

    @Test
    void theCheckedInFileIsTheGeneratedOne() throws Exception {
        String expected = OptionsDoc.markdown();
        String actual = Files.readString(ROOT.resolve("docs/options.md"));
        if (!actual.equals(expected)) {
            Path fresh = ROOT.resolve("local/target/options.md");
            Files.writeString(fresh, expected);
            assertThat(actual)
                    .as("docs/options.md is stale; the generated one is in %s (cp it over)", fresh)
                    .isEqualTo(expected);
        }
    }

    @Test
    void theGeneratedFileListsEveryJobOption() {
        String doc = OptionsDoc.markdown();
        for (String key : FedStreamOptions.keys()) {
            assertThat(doc).contains("| `--" + key + "` |");
        }
    }

    @Test
    void everyFlagTheConceptTableNamesExistsUnderThatName() throws Exception {
        String script = Files.readString(ROOT.resolve("cluster/fedstream-cluster"));
        for (OptionsDoc.Concept c : OptionsDoc.CONCEPTS) {
            for (String f : flags(c.job())) {
                assertThat(FedStreamOptions.find(f.substring(2))).as("job %s", f).isPresent();
            }
            flags(c.demo()).forEach(f -> assertAdvertised(DEMO, f));
            flags(c.edge()).forEach(f -> assertAdvertised(EDGE, f));
            flags(c.evaluator()).forEach(f -> assertAdvertised(EVALUATOR, f));
            for (String f : flags(c.cluster())) {
                assertThat(script).as("fedstream-cluster %s", f).contains(f);
            }
        }
    }

    @Test
    void everyRenamedFlagIsAHiddenAliasOfTheAdvertisedName() throws Exception {
        Map<String, CommandSpec> programs =
                Map.of("demo", DEMO, "edge-producer", EDGE, "evaluator", EVALUATOR);
        String script = Files.readString(ROOT.resolve("cluster/fedstream-cluster"));
        for (OptionsDoc.Rename r : OptionsDoc.RENAMES) {
            CommandSpec spec = programs.get(r.program());
            if (spec == null) {
                assertThat(script)
                        .contains(r.newName() + " | " + r.oldName() + ")")
                        .contains(r.newName() + "=* | " + r.oldName() + "=*)");
                continue;
            }
            assertAdvertised(spec, r.newName());
            OptionSpec old = spec.findOption(r.oldName());
            assertThat(old).as("%s %s", r.program(), r.oldName()).isNotNull();
            assertThat(old.hidden()).as("%s %s hidden", r.program(), r.oldName()).isTrue();
        }
    }

    private static void assertAdvertised(CommandSpec spec, String flag) {
        OptionSpec option = spec.findOption(flag);
        assertThat(option).as("%s %s", spec.name(), flag).isNotNull();
        assertThat(option.hidden()).as("%s %s hidden", spec.name(), flag).isFalse();
    }

    private static List<String> flags(String cell) {
        List<String> flags = new ArrayList<>();
        Matcher m = OptionsDoc.FLAG.matcher(cell);
        while (m.find()) {
            flags.add(m.group());
        }
        return flags;
    }
}
