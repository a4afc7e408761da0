package io.fedstream.local;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.testkit.TopicReader;

/** Readers of the topics a job's options name, on the broker they name, from the beginning. */
final class JobTopics {
    private final JobConfig config;
    private final String bootstrap;

    JobTopics(JobConfig config) {
        this.config = config;
        this.bootstrap = config.get(KafkaOptions.BOOTSTRAP_SERVERS);
    }

    TopicReader<GlobalModel> globalModels() {
        return TopicReader.of(
                bootstrap, config.get(KafkaOptions.TOPIC_GLOBAL_MODEL), Codecs.globalModel());
    }

    TopicReader<ModelUpdate> updates() {
        return TopicReader.of(
                bootstrap, config.get(KafkaOptions.TOPIC_UPDATES), Codecs.modelUpdate());
    }

    TopicReader<RoundTask> roundTasks() {
        return TopicReader.of(
                bootstrap, config.get(KafkaOptions.TOPIC_ROUND_TASKS), Codecs.roundTask());
    }

    TopicReader<RoundMetrics> metrics() {
        return TopicReader.of(
                bootstrap, config.get(KafkaOptions.TOPIC_METRICS), Codecs.roundMetrics());
    }

    TopicReader<DeadLetter> deadLetters() {
        return TopicReader.of(
                bootstrap, config.get(KafkaOptions.TOPIC_DEAD_LETTER), Codecs.deadLetter());
    }
}
