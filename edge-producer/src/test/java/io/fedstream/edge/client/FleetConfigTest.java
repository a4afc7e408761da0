package io.fedstream.edge.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.edge.Seeds;
import org.junit.jupiter.api.Test;

class FleetConfigTest {
    private static EdgeClientConfig.Builder template() {
        return EdgeClientConfig.builder().bootstrapServers("b:9092").modelId("m");
    }

    @Test
    void eachClientGetsItsOwnIdAndSeedFromTheTemplate() {
        FleetConfig config =
                FleetConfig.builder().numClients(20).clientSeed(7).client(template()).build();

        EdgeClientConfig c3 = config.clientConfig(3);
        EdgeClientConfig c12 = config.clientConfig(12);

        assertThat(c3.clientId()).isEqualTo("client-0003");
        assertThat(c12.clientId()).isEqualTo("client-0012");
        assertThat(c3.seed()).isEqualTo(Seeds.derive(7, 3));
        assertThat(c12.seed()).isNotEqualTo(c3.seed());
        assertThat(c12.bootstrapServers()).isEqualTo("b:9092");
        assertThat(c12.modelId()).isEqualTo("m");
    }

    @Test
    void runsTheWholePopulationByDefault() {
        FleetConfig config = FleetConfig.builder().numClients(8).client(template()).build();

        assertThat(config.firstClient()).isZero();
        assertThat(config.clientCount()).isEqualTo(8);
        assertThat(config.alpha()).isNull();
        assertThat(config.minPartitionSize()).isEqualTo(10);
        assertThat(config.trainingThreads()).isEqualTo(2);
    }

    @Test
    void aSliceRunsToTheEndUnlessCounted() {
        FleetConfig rest =
                FleetConfig.builder().numClients(8).firstClient(5).client(template()).build();

        assertThat(rest.clientCount()).isEqualTo(3);
    }

    @Test
    void laterChangesToTheTemplateBuilderHaveNoEffect() {
        EdgeClientConfig.Builder t = template();
        FleetConfig config = FleetConfig.builder().numClients(2).client(t).build();

        t.modelId("changed");

        assertThat(config.clientConfig(1).modelId()).isEqualTo("m");
    }

    @Test
    void buildNamesEveryProblem() {
        assertThatThrownBy(
                        () ->
                                FleetConfig.builder()
                                        .numClients(10)
                                        .firstClient(8)
                                        .clientCount(5)
                                        .alpha(-1.0)
                                        .trainingThreads(0)
                                        .client(EdgeClientConfig.builder().modelId("m"))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "invalid FleetConfig: alpha is -1.0, expected 0 < alpha < inf or null for"
                                + " IID; trainingThreads is 0, expected >= 1; clientCount is 5,"
                                + " expected in [1, 2] (numClients 10 - firstClient 8); client:"
                                + " invalid EdgeClientConfig: missing bootstrapServers");
    }

    @Test
    void buildNamesMissingKeys() {
        assertThatThrownBy(() -> FleetConfig.builder().build())
                .hasMessage(
                        "invalid FleetConfig: missing numClients; missing client (the"
                                + " EdgeClientConfig template)");
    }

    @Test
    void rejectsAClientIndexOutsideThePopulation() {
        FleetConfig config = FleetConfig.builder().numClients(4).client(template()).build();

        assertThatThrownBy(() -> config.clientConfig(4))
                .hasMessage("client index 4 vs population [0, 4)");
    }
}
