package io.fedstream.testkit;

import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import org.apache.avro.specific.SpecificRecord;

/** Decoding for assertions: a record the test itself expects to be valid. */
public final class Decode {
    private Decode() {}

    /** The record {@code bytes} encode; a test failure (not a checked exception) if none. */
    public static <T extends SpecificRecord> T as(WireCodec<T> codec, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (WireFormatException e) {
            throw new AssertionError("expected a valid record: " + e.getMessage(), e);
        }
    }
}
