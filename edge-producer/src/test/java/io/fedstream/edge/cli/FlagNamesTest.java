package io.fedstream.edge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.edge.attack.AttackType;
import io.fedstream.edge.client.EdgeClientConfig;
import io.fedstream.edge.compress.CompressionMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The edge CLI's flags are named as the job's options, and its names are the ones it documents. */
class FlagNamesTest {

    private static EdgeClientConfig client(String... args) {
        EdgeProducerMain main = new EdgeProducerMain();
        new CommandLine(main).parseArgs(EdgeProducerMainTest.noAuth(args));
        return main.toFleetConfig().clientConfig(0);
    }

    private static String help() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new EdgeProducerMain());
        cl.setOut(new PrintWriter(out));
        cl.setUsageHelpAutoWidth(false);
        cl.setUsageHelpWidth(250);
        cl.execute("--help");
        return out.toString();
    }

    @Test
    void topicFlagsTakeTheJobsKeys() {
        EdgeClientConfig c =
                client(
                        "--topic-updates", "u",
                        "--topic-heartbeats", "h",
                        "--topic-round-tasks", "r",
                        "--topic-global-model", "g");
        assertThat(c.updatesTopic()).isEqualTo("u");
        assertThat(c.heartbeatsTopic()).isEqualTo("h");
        assertThat(c.roundTasksTopic()).isEqualTo("r");
        assertThat(c.globalModelTopic()).isEqualTo("g");
    }

    @Test
    void theOldTopicFlagNamesStillWorkButAreNotAdvertised() {
        EdgeClientConfig c =
                client(
                        "--updates-topic", "u",
                        "--heartbeats-topic", "h",
                        "--round-tasks-topic", "r",
                        "--global-model-topic", "g");
        assertThat(c.updatesTopic()).isEqualTo("u");
        assertThat(c.heartbeatsTopic()).isEqualTo("h");
        assertThat(c.roundTasksTopic()).isEqualTo("r");
        assertThat(c.globalModelTopic()).isEqualTo("g");
        assertThat(help()).doesNotContain("--updates-topic", "--global-model-topic");
    }

    @Test
    void thePrefixNamesTheTopicsNotOverridden() {
        EdgeClientConfig c = client("--topic-prefix", "exp.", "--topic-updates", "u");
        assertThat(c.updatesTopic()).isEqualTo("u");
        assertThat(c.heartbeatsTopic()).isEqualTo("exp.heartbeats");
        assertThat(c.roundTasksTopic()).isEqualTo("exp.round-tasks");
        assertThat(c.globalModelTopic()).isEqualTo("exp.global-model");
    }

    @Test
    void everyAttackAndCompressionTheHelpListsParsesAndEveryOneIsListed() {
        String help = help().replaceAll("\\s+", " ");
        // The spellings as the help prints them, typed here rather than read from the enums.
        String[] attacks = {
            "none",
            "sign-flip",
            "gaussian",
            "scaling",
            "label-flip",
            "alie",
            "ipm",
            "min-max",
            "min-sum",
            "free-rider",
            "replay",
            "inflated-samples"
        };
        assertThat(help).contains(String.join(", ", attacks));
        assertThat(AttackType.values()).hasSize(attacks.length);
        for (String a : attacks) {
            assertThat(AttackType.parse(a).cliName()).isEqualTo(a);
        }
        String[] modes = {"none", "topk", "q8", "topk+q8"};
        assertThat(help).contains("--compression=" + String.join("|", modes));
        assertThat(CompressionMode.values()).hasSize(modes.length);
        for (String m : modes) {
            assertThat(CompressionMode.parse(m).label()).isEqualTo(m);
        }
    }
}
