package io.fedstream.edge.client;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;

/**
 * What an edge client does with one record of its input topics, without Kafka: a round task or a
 * global model is decoded and handed to the {@link RoundFollower}; a record that does not decode
 * leaves the follower as it was.
 */
final class InputRecords {
    private final String roundTasksTopic;
    private final RoundFollower follower;
    private final WireCodec<RoundTask> taskCodec = Codecs.roundTask();
    private final WireCodec<GlobalModel> modelCodec = Codecs.globalModel();

    /**
     * @param roundTasksTopic records of this topic are round tasks, all others global models
     */
    InputRecords(String roundTasksTopic, RoundFollower follower) {
        this.roundTasksTopic = roundTasksTopic;
        this.follower = follower;
    }

    /**
     * @throws WireFormatException if the record does not decode (the caller logs and skips it)
     */
    void accept(String topic, byte[] value) throws WireFormatException {
        if (topic.equals(roundTasksTopic)) {
            follower.onRoundTask(taskCodec.decode(value));
        } else {
            follower.onGlobalModel(modelCodec.decode(value));
        }
    }
}
