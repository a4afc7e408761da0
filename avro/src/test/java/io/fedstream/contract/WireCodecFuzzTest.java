package io.fedstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.Tensor;
import io.fedstream.contract.fuzz.Checks;
import io.fedstream.contract.fuzz.Checks.Call;
import io.fedstream.contract.fuzz.Draw;
import io.fedstream.contract.fuzz.Fuzz;
import io.fedstream.contract.fuzz.RecordGens;
import io.fedstream.contract.fuzz.SameRecord;
import io.fedstream.contract.fuzz.TensorGens;
import io.fedstream.contract.fuzz.WireCase;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Every message type through {@link WireCodec#decode}: a generated record decodes to itself ({@link
 * SameRecord}: NaN equals NaN, maps in any order), and mutated bytes give a record or a {@link
 * WireFormatException}, never another exception nor an allocation the bytes cannot back. A record
 * decoded from mutated bytes is a record like any other: it encodes and decodes to itself. Updates
 * and models also have their tensor decoded.
 */
class WireCodecFuzzTest {

    @Test
    void modelUpdatesOfEveryDeltaEncodingDecodeOrAreRefused() {
        fuzz(
                "WireCodec ModelUpdate",
                Codecs.modelUpdate(),
                d -> RecordGens.modelUpdate(d, "fmnist", "client-7", tensor(d)),
                ModelUpdate::getDelta);
    }

    @Test
    void globalModelsDecodeOrAreRefused() {
        fuzz(
                "WireCodec GlobalModel",
                Codecs.globalModel(),
                d -> RecordGens.globalModel(d, "fmnist", "mlp:2-2-2", tensor(d)),
                GlobalModel::getParameters);
    }

    @Test
    void roundTasksDecodeOrAreRefused() {
        fuzz(
                "WireCodec RoundTask",
                Codecs.roundTask(),
                d -> RecordGens.roundTask(d, "fmnist", List.of("client-1", "client-7")),
                null);
    }

    @Test
    void heartbeatsDecodeOrAreRefused() {
        fuzz(
                "WireCodec ClientHeartbeat",
                Codecs.heartbeat(),
                d -> RecordGens.heartbeat(d, "fmnist", "client-7"),
                null);
    }

    @Test
    void roundMetricsDecodeOrAreRefused() {
        fuzz(
                "WireCodec RoundMetrics",
                Codecs.roundMetrics(),
                d -> RecordGens.roundMetrics(d, "fmnist"),
                null);
    }

    @Test
    void deadLettersDecodeOrAreRefused() {
        fuzz("WireCodec DeadLetter", Codecs.deadLetter(), RecordGens::deadLetter, null);
    }

    private static Tensor tensor(Draw d) {
        return TensorGens.tensor(d, TensorGens.shapes(d)).tensor();
    }

    private static <T extends SpecificRecord> void fuzz(
            String name,
            WireCodec<T> codec,
            Function<Draw, T> records,
            Function<T, Tensor> tensorOf) {
        Fuzz.check(
                name,
                WireCase.of(codec.schema(), records, codec::encode),
                c -> {
                    if (c.mutated() == null) {
                        assertThat(SameRecord.diff(decode(codec, c.valid()), c.sample())).isNull();
                    }
                    Call<T> call =
                            Checks.call(
                                    c.input().length,
                                    () -> codec.decode(c.input()),
                                    WireFormatException.class);
                    if (call.returned()) {
                        T decoded = call.value();
                        assertThat(SameRecord.diff(decode(codec, codec.encode(decoded)), decoded))
                                .isNull();
                        if (tensorOf != null) {
                            Checks.call(
                                    c.input().length,
                                    () -> CompressedTensors.decode(tensorOf.apply(decoded)),
                                    TensorFormatException.class);
                        }
                    }
                });
    }

    private static <T extends SpecificRecord> T decode(WireCodec<T> codec, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (WireFormatException e) {
            throw new AssertionError("a valid record is refused: " + e.getMessage(), e);
        }
    }
}
