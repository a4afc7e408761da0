package io.fedstream.contract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one record type with Avro single-object encoding: the two marker bytes {@code
 * C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, then the Avro
 * binary body. Any Avro client can read a topic from the {@code .avsc} files alone, and the
 * fingerprint tells which schema version wrote each record.
 *
 * <p>Writer schemas other than the current one are accepted once registered with {@link
 * #acceptWriterSchema(Schema)}; Avro schema resolution then maps them onto the reader's schema.
 *
 * <p>A value must be exactly one record: bytes after it are refused ({@link
 * WireFormatException.Kind#UNDECODABLE}), as are length prefixes larger than the record.
 *
 * <p>Instances are thread-safe (the Avro encoder and decoder are).
 */
public final class WireCodec<T extends SpecificRecord> {
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final Map<Long, Schema> writerSchemas = new ConcurrentHashMap<>();

    public WireCodec(Schema schema) {
        this.schema = schema;
        SpecificData model = SpecificData.getForSchema(schema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        writerSchemas.put(SchemaNormalization.parsingFingerprint64(schema), schema);
    }

    /** The reader (and writer) schema. */
    public Schema schema() {
        return schema;
    }

    /**
     * Lets this codec read records written with {@code writerSchema} (an older or newer version).
     */
    public WireCodec<T> acceptWriterSchema(Schema writerSchema) {
        decoder.addSchema(writerSchema);
        writerSchemas.put(SchemaNormalization.parsingFingerprint64(writerSchema), writerSchema);
        return this;
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot encode " + schema.getFullName() + ": " + e.getMessage(), e);
        }
    }

    public T decode(byte[] bytes) throws WireFormatException {
        if (bytes == null) {
            throw new WireFormatException(
                    WireFormatException.Kind.UNDECODABLE, "record value is null", null);
        }
        checkLengths(bytes);
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new WireFormatException(
                    WireFormatException.Kind.UNKNOWN_SCHEMA,
                    "unknown writer schema for " + schema.getFullName() + ": " + e.getMessage(),
                    e);
        } catch (BadHeaderException e) {
            throw new WireFormatException(
                    WireFormatException.Kind.UNDECODABLE,
                    "not Avro single-object encoding (expected marker C3 01): " + e.getMessage(),
                    e);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(
                    WireFormatException.Kind.UNDECODABLE,
                    "cannot decode " + schema.getFullName() + " (" + bytes.length + " bytes): " + e,
                    e);
        }
    }

    /**
     * Walks the body once with {@link BoundedSkip}, which reads every length prefix and block count
     * as the decoder will and checks it against the bytes present. Avro's decoder allocates a
     * string, bytes or array at its claimed length before reading it, so without this a 30-byte
     * record claiming a 2^30-item array throws OutOfMemoryError (Avro's own limits are JVM-wide
     * system properties read once).
     */
    private void checkLengths(byte[] bytes) throws WireFormatException {
        if (bytes.length < 10 || bytes[0] != (byte) 0xC3 || bytes[1] != 0x01) {
            return; // the decoder reports a bad header
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = writerSchemas.get(fingerprint);
        if (writer == null) {
            return; // the decoder reports an unknown schema
        }
        int end;
        try {
            end = BoundedSkip.skip(writer, bytes, 10);
        } catch (BoundedSkip.Refused e) {
            throw new WireFormatException(
                    WireFormatException.Kind.UNDECODABLE,
                    "cannot decode "
                            + schema.getFullName()
                            + " ("
                            + bytes.length
                            + " bytes, truncated or corrupt): "
                            + e.getMessage(),
                    e);
        }
        if (end != bytes.length) {
            // Avro's decoder stops at the record's end and ignores the rest: bytes after a valid
            // record would smuggle data past every check, so a value is exactly one record.
            throw new WireFormatException(
                    WireFormatException.Kind.UNDECODABLE,
                    "cannot decode "
                            + schema.getFullName()
                            + ": "
                            + (bytes.length - end)
                            + " trailing bytes after the record, which ends at byte "
                            + end
                            + " of "
                            + bytes.length,
                    null);
        }
    }
}
