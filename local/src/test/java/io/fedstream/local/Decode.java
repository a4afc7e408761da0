package io.fedstream.local;

import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import org.apache.avro.specific.SpecificRecord;

/** Decoding for assertions: a record the test itself expects to be valid. */
final class Decode {
    private Decode() {}

    static <T extends SpecificRecord> T as(WireCodec<T> codec, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (WireFormatException e) {
            throw new AssertionError("expected a valid record: " + e.getMessage(), e);
        }
    }
}
