package io.fedstream.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    @Test
    void roundTripsEveryMessageType() throws Exception {
        assertRoundTrip(Codecs.modelUpdate(), SampleRecords.modelUpdate());
        assertRoundTrip(Codecs.globalModel(), SampleRecords.globalModel());
        assertRoundTrip(Codecs.roundTask(), SampleRecords.roundTask());
        assertRoundTrip(Codecs.heartbeat(), SampleRecords.heartbeat());
        assertRoundTrip(Codecs.roundMetrics(), SampleRecords.roundMetrics());
        assertRoundTrip(Codecs.deadLetter(), SampleRecords.deadLetter());
    }

    @Test
    void roundTripsOptionalFieldsLeftAtTheirDefaults() throws Exception {
        GlobalModel sparse =
                GlobalModel.newBuilder(SampleRecords.globalModel())
                        .clearTrainLoss()
                        .setTrainingComplete(false)
                        .build();
        assertThat(Codecs.globalModel().decode(Codecs.globalModel().encode(sparse)).getTrainLoss())
                .isNull();
    }

    @Test
    void frameIsMarkerThenLittleEndianFingerprintThenBody() {
        assertFrame(Codecs.modelUpdate(), SampleRecords.modelUpdate());
        assertFrame(Codecs.globalModel(), SampleRecords.globalModel());
        assertFrame(Codecs.roundTask(), SampleRecords.roundTask());
        assertFrame(Codecs.heartbeat(), SampleRecords.heartbeat());
        assertFrame(Codecs.roundMetrics(), SampleRecords.roundMetrics());
        assertFrame(Codecs.deadLetter(), SampleRecords.deadLetter());
    }

    @Test
    void avscFilesOnTheClasspathHaveTheFingerprintsOfTheGeneratedClasses() throws IOException {
        Schema.Parser parser = avscParser();
        for (String type :
                List.of(
                        "ModelUpdate",
                        "GlobalModel",
                        "RoundTask",
                        "ClientHeartbeat",
                        "RoundMetrics",
                        "DeadLetter")) {
            Schema fromFile = parse(parser, type);
            Schema generated = classSchema("io.fedstream.avro." + type);
            assertThat(SchemaNormalization.parsingFingerprint64(fromFile))
                    .as(type)
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(generated));
        }
    }

    @Test
    void genericClientWithOnlyTheAvscFilesDecodesAFrame() throws IOException {
        Schema.Parser parser = avscParser();
        Schema globalModel = parse(parser, "GlobalModel");
        BinaryMessageDecoder<GenericRecord> decoder =
                new BinaryMessageDecoder<>(GenericData.get(), globalModel);

        GenericRecord decoded =
                decoder.decode(Codecs.globalModel().encode(SampleRecords.globalModel()));

        assertThat(decoded.get("model_id").toString()).isEqualTo("fmnist");
        assertThat(decoded.get("version")).isEqualTo(12L);
        GenericRecord tensor = (GenericRecord) decoded.get("parameters");
        assertThat(tensor.get("encoding").toString()).isEqualTo("DENSE_F32_LE");
        ByteBuffer data = ((ByteBuffer) tensor.get("data")).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getFloat(0)).isEqualTo(0.5f);
        assertThat(data.getFloat(4)).isEqualTo(-1.25f);
    }

    @Test
    void encodingTheSameRecordTwiceGivesTheSameBytes() {
        // The tensor's ByteBuffer must not be consumed by the first encode.
        GlobalModel model = SampleRecords.globalModel();
        WireCodec<GlobalModel> codec = Codecs.globalModel();
        assertThat(codec.encode(model)).isEqualTo(codec.encode(model));
    }

    @Test
    void garbageBytesAreUndecodable() {
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x12; // never the marker
        assertThatThrownBy(() -> Codecs.modelUpdate().decode(garbage))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNDECODABLE))
                .hasMessageContaining("C3 01");
    }

    @Test
    void plainJsonIsUndecodable() {
        byte[] json = "{\"client_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Codecs.modelUpdate().decode(json))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNDECODABLE));
    }

    @Test
    void truncatedRecordIsUndecodable() {
        byte[] full = Codecs.modelUpdate().encode(SampleRecords.modelUpdate());
        for (int length : new int[] {0, 1, 5, 10, full.length / 2, full.length - 1}) {
            byte[] cut = Arrays.copyOf(full, length);
            assertThatThrownBy(() -> Codecs.modelUpdate().decode(cut))
                    .as("first %d of %d bytes", length, full.length)
                    .isInstanceOfSatisfying(
                            WireFormatException.class,
                            e ->
                                    assertThat(e.kind())
                                            .isEqualTo(WireFormatException.Kind.UNDECODABLE));
        }
    }

    @Test
    void stringLengthBeyondTheRecordIsUndecodable() {
        // A valid frame header, then client_id claiming 2,000,000,000 bytes: 16 bytes on the wire
        // must not make the reader allocate 2 GB.
        byte[] frame = concat(header(), varint(2_000_000_000L), new byte[4]);
        assertThatThrownBy(() -> Codecs.modelUpdate().decode(frame))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNDECODABLE));
    }

    @Test
    void arrayCountBeyondTheRecordIsUndecodable() {
        // Every field valid up to delta.shapes, whose block claims 2^30 items.
        byte[] frame =
                concat(
                        header(),
                        new byte[] {2, 'c', 2, 'm', 2, 0, 2},
                        new byte[8], // training_loss 0.0
                        new byte[] {0, 0, 2}, // training_time_ms, created_at, encoding DENSE_F32_LE
                        varint(1L << 30),
                        new byte[4]);
        assertThatThrownBy(() -> Codecs.modelUpdate().decode(frame))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNDECODABLE));
    }

    @Test
    void bytesAfterAValidRecordAreUndecodable() {
        byte[] record = Codecs.heartbeat().encode(SampleRecords.heartbeat());
        byte[] withTrailer = concat(record, new byte[] {0, 0x7F, (byte) 0xC3});
        assertThatThrownBy(() -> Codecs.heartbeat().decode(withTrailer))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNDECODABLE))
                .hasMessage(
                        "cannot decode io.fedstream.avro.ClientHeartbeat: 3 trailing bytes after"
                                + " the record, which ends at byte "
                                + record.length
                                + " of "
                                + (record.length + 3));
        // One trailing zero byte is a trailer too (it would read as an empty string or a 0).
        byte[] oneZero = concat(record, new byte[1]);
        assertThatThrownBy(() -> Codecs.heartbeat().decode(oneZero))
                .hasMessageContaining("1 trailing bytes");
    }

    @Test
    void aHandBuiltRecordWithATrailingByteIsUndecodable() throws Exception {
        // A whole ModelUpdate by hand: client "c", model "m", round 1, base 0, num_samples 1,
        // loss 0.0, time 0, created_at 0, delta DENSE_F32_LE with shapes [[1]] and one float 1.0.
        byte[] body = {
            2,
            'c',
            2,
            'm',
            2,
            0,
            2,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            2,
            2,
            2,
            2,
            0,
            0,
            8,
            0,
            0,
            (byte) 0x80,
            0x3F,
            0, // run_id: null
            0 // sequence: null
        };
        ModelUpdate u = Codecs.modelUpdate().decode(concat(header(), body));
        assertThat(u.getClientId()).isEqualTo("c");
        assertThat(TensorCodec.values(u.getDelta())).containsExactly(1f);
        assertThatThrownBy(
                        () -> Codecs.modelUpdate().decode(concat(header(), body, new byte[] {5})))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining(
                        "1 trailing bytes after the record, which ends at byte 40 of 41");
    }

    @Test
    void nullValueIsUndecodable() {
        assertThatThrownBy(() -> Codecs.modelUpdate().decode(null))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNDECODABLE))
                .hasMessageContaining("null");
    }

    @Test
    void unknownFingerprintIsUnknownSchemaWithAMessage() {
        byte[] bytes = Codecs.modelUpdate().encode(SampleRecords.modelUpdate());
        bytes[2] ^= 0x5A; // first fingerprint byte
        assertThatThrownBy(() -> Codecs.modelUpdate().decode(bytes))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e ->
                                assertThat(e.kind())
                                        .isEqualTo(WireFormatException.Kind.UNKNOWN_SCHEMA))
                .hasMessageContaining("unknown writer schema")
                .hasMessageContaining("io.fedstream.avro.ModelUpdate");
    }

    @Test
    void recordOfAnotherTypeIsUnknownSchema() {
        byte[] heartbeat = Codecs.heartbeat().encode(SampleRecords.heartbeat());
        assertThatThrownBy(() -> Codecs.modelUpdate().decode(heartbeat))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e ->
                                assertThat(e.kind())
                                        .isEqualTo(WireFormatException.Kind.UNKNOWN_SCHEMA));
    }

    private static <T extends SpecificRecord> void assertRoundTrip(WireCodec<T> codec, T record)
            throws WireFormatException {
        T decoded = codec.decode(codec.encode(record));
        assertThat(decoded).as(record.getSchema().getName()).isEqualTo(record);
    }

    private static <T extends SpecificRecord> void assertFrame(WireCodec<T> codec, T record) {
        byte[] frame = codec.encode(record);
        long fingerprint = SchemaNormalization.parsingFingerprint64(record.getSchema());
        byte[] expectedHeader = new byte[10];
        expectedHeader[0] = (byte) 0xC3;
        expectedHeader[1] = 0x01;
        for (int i = 0; i < 8; i++) {
            expectedHeader[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        assertThat(Arrays.copyOf(frame, 10))
                .as(record.getSchema().getName())
                .isEqualTo(expectedHeader);
        assertThat(frame.length).isGreaterThan(10);
    }

    private static byte[] header() {
        return Arrays.copyOf(Codecs.modelUpdate().encode(SampleRecords.modelUpdate()), 10);
    }

    /** Avro's zig-zag varint encoding of a long. */
    private static byte[] varint(long n) {
        long z = (n << 1) ^ (n >> 63);
        byte[] out = new byte[10];
        int i = 0;
        while ((z & ~0x7FL) != 0) {
            out[i++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        out[i++] = (byte) z;
        return Arrays.copyOf(out, i);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static Schema.Parser avscParser() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        // Named types used by other files come first, as a client of another language would do.
        parse(parser, "TensorEncoding");
        parse(parser, "Tensor");
        return parser;
    }

    private static Schema parse(Schema.Parser parser, String type) throws IOException {
        try (InputStream in = WireCodecTest.class.getResourceAsStream("/avro/" + type + ".avsc")) {
            assertThat(in).as("/avro/%s.avsc on the classpath", type).isNotNull();
            return parser.parse(in);
        }
    }

    private static Schema classSchema(String className) {
        try {
            return (Schema) Class.forName(className).getMethod("getClassSchema").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(className, e);
        }
    }
}
