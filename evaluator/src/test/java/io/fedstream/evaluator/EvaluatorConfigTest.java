package io.fedstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.contract.Topics;
import io.fedstream.data.FashionMnist;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorConfigTest {

    @Test
    void defaultsComeFromTheContract() {
        EvaluatorConfig c =
                EvaluatorConfig.builder().bootstrapServers("b:9092").modelId("m").build();
        assertThat(c.globalModelTopic()).isEqualTo(Topics.GLOBAL_MODEL);
        assertThat(c.evaluationsTopic()).isEqualTo(Topics.EVALUATIONS);
        assertThat(c.authenticated()).isFalse();
        assertThat(c.runId()).isNull();
        assertThat(c.threads()).isEqualTo(2);
        assertThat(c.testLimit()).isEqualTo(EvaluatorConfig.ALL_EXAMPLES);
        assertThat(c.dataDir()).isEqualTo(FashionMnist.defaultDir());
        assertThat(c.stopWhenComplete()).isTrue();
        assertThat(c.pollTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.toString()).contains("model-id=m", "test-limit=all");
    }

    @Test
    void keepsEverySetting() {
        List<EvaluationResult> seen = new ArrayList<>();
        EvaluatorConfig c =
                EvaluatorConfig.builder()
                        .bootstrapServers("b:9092")
                        .modelId("m")
                        .globalModelTopic("g")
                        .evaluationsTopic("x")
                        .threads(3)
                        .testLimit(100)
                        .dataDir(Path.of("/data"))
                        .stopWhenComplete(false)
                        .pollTimeout(Duration.ofMillis(20))
                        .onResult(seen::add)
                        .build();
        assertThat(c.bootstrapServers()).isEqualTo("b:9092");
        assertThat(c.modelId()).isEqualTo("m");
        assertThat(c.globalModelTopic()).isEqualTo("g");
        assertThat(c.evaluationsTopic()).isEqualTo("x");
        assertThat(c.threads()).isEqualTo(3);
        assertThat(c.testLimit()).isEqualTo(100);
        assertThat(c.dataDir()).isEqualTo(Path.of("/data"));
        assertThat(c.stopWhenComplete()).isFalse();
        assertThat(c.pollTimeout()).isEqualTo(Duration.ofMillis(20));
        c.onResult().accept(new EvaluationResult("m", 1, 0.5, 1, 10, false, 3));
        assertThat(seen).hasSize(1);
    }

    @Test
    @SuppressWarnings("deprecation")
    void theOldMetricsTopicNameSetsTheEvaluationsTopic() {
        EvaluatorConfig c =
                EvaluatorConfig.builder()
                        .bootstrapServers("b:9092")
                        .modelId("m")
                        .metricsTopic(Topics.METRICS)
                        .build();
        assertThat(c.evaluationsTopic()).isEqualTo(Topics.METRICS);
        assertThat(c.metricsTopic()).isEqualTo(Topics.METRICS);
    }

    @Test
    void buildNamesTheMissingBootstrapServers() {
        assertThatThrownBy(() -> EvaluatorConfig.builder().modelId("m").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bootstrap-servers'");
    }

    @Test
    void buildNamesTheMissingModelId() {
        assertThatThrownBy(
                        () ->
                                EvaluatorConfig.builder()
                                        .bootstrapServers("b:9092")
                                        .modelId(" ")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'model-id'");
    }

    @Test
    void buildRefusesNonPositiveThreadsAndLimit() {
        EvaluatorConfig.Builder b =
                EvaluatorConfig.builder().bootstrapServers("b:9092").modelId("m");
        assertThatThrownBy(() -> b.threads(0).build())
                .hasMessageContaining("'threads' is 0")
                .hasMessageContaining(">= 1");
        assertThatThrownBy(() -> b.threads(1).testLimit(-5).build())
                .hasMessageContaining("'test-limit' is -5");
        assertThatThrownBy(() -> b.testLimit(5).pollTimeout(Duration.ZERO).build())
                .hasMessageContaining("'poll-timeout'");
    }
}
