package io.fedstream.contract.fuzz;

import io.fedstream.avro.Tensor;
import java.nio.ByteBuffer;

/** A tensor's data as an array, without moving the buffer's position. */
public final class TensorBytes {
    private TensorBytes() {}

    public static byte[] of(Tensor tensor) {
        ByteBuffer data = tensor.getData().duplicate();
        byte[] out = new byte[data.remaining()];
        data.get(out);
        return out;
    }
}
