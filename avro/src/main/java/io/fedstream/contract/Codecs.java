package io.fedstream.contract;

import io.fedstream.avro.ClientEnrollment;
import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;

/**
 * One codec per message type of the contract. Fresh instances, so callers may register extra writer
 * schemas.
 */
public final class Codecs {
    private Codecs() {}

    public static WireCodec<ModelUpdate> modelUpdate() {
        return new WireCodec<>(ModelUpdate.getClassSchema());
    }

    public static WireCodec<GlobalModel> globalModel() {
        return new WireCodec<>(GlobalModel.getClassSchema());
    }

    public static WireCodec<RoundTask> roundTask() {
        return new WireCodec<>(RoundTask.getClassSchema());
    }

    public static WireCodec<ClientHeartbeat> heartbeat() {
        return new WireCodec<>(ClientHeartbeat.getClassSchema());
    }

    public static WireCodec<RoundMetrics> roundMetrics() {
        return new WireCodec<>(RoundMetrics.getClassSchema());
    }

    public static WireCodec<ClientEnrollment> clientEnrollment() {
        return new WireCodec<>(ClientEnrollment.getClassSchema());
    }

    public static WireCodec<DeadLetter> deadLetter() {
        return new WireCodec<>(DeadLetter.getClassSchema());
    }
}
