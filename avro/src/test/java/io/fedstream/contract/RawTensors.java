package io.fedstream.contract;

import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import java.nio.ByteBuffer;
import java.util.List;

/** Tensors built byte by byte, and compressed tensors sent through the wire codec, for tests. */
final class RawTensors {
    private RawTensors() {}

    static List<int[]> shape(int n) {
        return List.of(new int[] {n});
    }

    static Tensor raw(TensorEncoding encoding, int length, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Tensor.newBuilder()
                .setEncoding(encoding)
                .setShapes(TensorCodec.toAvroShapes(shape(length)))
                .setData(ByteBuffer.wrap(b))
                .build();
    }

    static DecodedTensor throughWire(Tensor t) {
        try {
            return throughWireChecked(t);
        } catch (WireFormatException e) {
            throw new AssertionError(e);
        }
    }

    static DecodedTensor throughWireChecked(Tensor t) throws WireFormatException {
        ModelUpdate u = ModelUpdate.newBuilder(SampleRecords.modelUpdate()).setDelta(t).build();
        WireCodec<ModelUpdate> codec = Codecs.modelUpdate();
        return CompressedTensors.decode(codec.decode(codec.encode(u)).getDelta());
    }
}
