package io.fedstream.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.avro.TensorEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compatibility in both directions between the current ModelUpdate (v1) and a v2 that adds an
 * optional field and an enum symbol (test resource {@code evolution/ModelUpdate-v2.avsc}), and
 * between the current schemas and the earlier DeadLetter, RoundTask and RoundMetrics schemas the
 * job wrote ({@code evolution/*-v1.avsc}, {@code DeadLetter-v2.avsc}).
 */
class SchemaEvolutionTest {
    private static Schema v2;

    @BeforeAll
    static void loadV2() throws IOException {
        try (InputStream in =
                SchemaEvolutionTest.class.getResourceAsStream("/evolution/ModelUpdate-v2.avsc")) {
            v2 = new Schema.Parser().parse(in);
        }
    }

    @Test
    void currentReaderDecodesRecordsOfANewerWriter() throws Exception {
        byte[] bytes = encodeV2("DENSE_F32_LE", "phone");

        ModelUpdate decoded = Codecs.modelUpdate().acceptWriterSchema(v2).decode(bytes);

        assertThat(decoded.getClientId()).isEqualTo("client-9");
        assertThat(decoded.getRound()).isEqualTo(4L);
        assertThat(decoded.getNumSamples()).isEqualTo(250L);
        assertThat(decoded.getCreatedAt()).isEqualTo(SampleRecords.T0);
        assertThat(decoded.getDelta().getEncoding()).isEqualTo(TensorEncoding.DENSE_F32_LE);
        assertThat(TensorCodec.values(decoded.getDelta())).containsExactly(1f, -2f);
    }

    @Test
    void newerWriterIsUnknownUntilItsSchemaIsAccepted() {
        byte[] bytes = encodeV2("DENSE_F32_LE", "phone");
        assertThatThrownBy(() -> Codecs.modelUpdate().decode(bytes))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e ->
                                assertThat(e.kind())
                                        .isEqualTo(WireFormatException.Kind.UNKNOWN_SCHEMA));
    }

    @Test
    void newerReaderDecodesRecordsOfTheCurrentWriterWithTheFieldDefault() throws Exception {
        byte[] v1Bytes = Codecs.modelUpdate().encode(SampleRecords.modelUpdate());
        BinaryMessageDecoder<GenericRecord> v2Reader =
                new BinaryMessageDecoder<>(GenericData.get(), v2);
        v2Reader.addSchema(ModelUpdate.getClassSchema());

        GenericRecord decoded = v2Reader.decode(v1Bytes);

        assertThat(decoded.getSchema().getField("device_class")).isNotNull();
        assertThat(decoded.get("device_class")).isNull();
        assertThat(decoded.get("client_id").toString()).isEqualTo("client-7");
        assertThat(decoded.get("round")).isEqualTo(12L);
        GenericRecord delta = (GenericRecord) decoded.get("delta");
        assertThat(delta.get("encoding").toString()).isEqualTo("DENSE_F32_LE");
    }

    @Test
    void encodingSymbolUnknownToTheReaderReadsAsUnknown() throws Exception {
        byte[] bytes = encodeV2("DENSE_F16_LE", null);

        ModelUpdate decoded = Codecs.modelUpdate().acceptWriterSchema(v2).decode(bytes);

        assertThat(decoded.getDelta().getEncoding()).isEqualTo(TensorEncoding.UNKNOWN);
        // ...and a reader must then refuse the tensor rather than misread its bytes.
        assertThatThrownBy(() -> TensorCodec.values(decoded.getDelta()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UNKNOWN");
    }

    @Test
    void deadLettersOfTheFirstSchemaReadWithNullSizeAndHash() throws Exception {
        Schema v1 = load("/evolution/DeadLetter-v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("source_topic", Topics.UPDATES);
        old.put("partition", 1);
        old.put("offset", 9L);
        old.put(
                "reason",
                new GenericData.EnumSymbol(v1.getField("reason").schema(), "UNDECODABLE"));
        old.put("detail", "corrupt");
        old.put("payload", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        old.put("rejected_at", SampleRecords.T0.toEpochMilli());
        ByteBuffer buffer =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        DeadLetter decoded = Codecs.deadLetter().acceptWriterSchema(v1).decode(bytes);

        assertThat(decoded.getOffset()).isEqualTo(9L);
        assertThat(decoded.getReason()).isEqualTo(ReasonCode.UNDECODABLE);
        assertThat(decoded.getPayload().remaining()).isEqualTo(3);
        assertThat(decoded.getPayloadSize()).isNull();
        assertThat(decoded.getPayloadSha256()).isNull();
        assertThat(decoded.getKeySize()).isNull();
    }

    @Test
    void aReaderOfTheFirstDeadLetterSchemaReadsTheCurrentOne() throws Exception {
        Schema v1 = load("/evolution/DeadLetter-v1.avsc");
        DeadLetter current = SampleRecords.deadLetter();
        current.setPayloadSize(4L);
        current.setPayloadSha256(ByteBuffer.wrap(new byte[32]));
        byte[] bytes = Codecs.deadLetter().encode(current);
        BinaryMessageDecoder<GenericRecord> v1Reader =
                new BinaryMessageDecoder<>(GenericData.get(), v1);
        v1Reader.addSchema(DeadLetter.getClassSchema());

        GenericRecord decoded = v1Reader.decode(bytes);

        assertThat(decoded.get("offset")).isEqualTo(42L);
        assertThat(decoded.get("reason").toString()).isEqualTo("STALE_ROUND");
        assertThat(decoded.getSchema().getField("payload_sha256")).isNull();
    }

    @Test
    void aReasonCodeAddedAfterTheFirstSchemaReadsAsUnknownThere() throws Exception {
        Schema v1 = load("/evolution/DeadLetter-v1.avsc");
        DeadLetter current = SampleRecords.deadLetter();
        current.setReason(ReasonCode.BAD_ID);
        BinaryMessageDecoder<GenericRecord> v1Reader =
                new BinaryMessageDecoder<>(GenericData.get(), v1);
        v1Reader.addSchema(DeadLetter.getClassSchema());

        GenericRecord decoded = v1Reader.decode(Codecs.deadLetter().encode(current));

        assertThat(decoded.get("reason").toString()).isEqualTo("UNKNOWN");
    }

    @Test
    void roundTasksOfTheFirstSchemaReadWithoutAProximalTerm() throws Exception {
        Schema v1 = load("/evolution/RoundTask-v1.avsc");
        Schema hpSchema = v1.getField("hyperparameters").schema();
        GenericRecord hp = new GenericData.Record(hpSchema);
        hp.put("local_epochs", 2);
        hp.put("learning_rate", 0.05);
        hp.put("batch_size", 16);
        GenericRecord old = new GenericData.Record(v1);
        old.put("model_id", "m");
        old.put("round", 3L);
        old.put("model_version", 2L);
        old.put("selected_clients", java.util.List.of("a", "b"));
        old.put("deadline", SampleRecords.T0.toEpochMilli());
        old.put("hyperparameters", hp);
        old.put("created_at", SampleRecords.T0.toEpochMilli());
        ByteBuffer buffer =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        RoundTask decoded = Codecs.roundTask().acceptWriterSchema(v1).decode(bytes);

        assertThat(decoded.getRound()).isEqualTo(3L);
        assertThat(decoded.getHyperparameters().getBatchSize()).isEqualTo(16);
        assertThat(decoded.getHyperparameters().getProximalMu()).isEqualTo(0.0);
    }

    @Test
    void roundMetricsOfThePreviousSchemaReadWithoutBoundsOrARefusal() throws Exception {
        Schema v1 = load("/evolution/RoundMetrics-v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("model_id", "m");
        old.put("round_number", 4L);
        old.put("source", new GenericData.EnumSymbol(v1.getField("source").schema(), "SERVER"));
        old.put("communication_cost", 10L);
        old.put("participants", 3);
        old.put("selected", 3);
        old.put("rejected", java.util.Map.of());
        old.put("bytes_up", 4L);
        old.put("bytes_up_dense", 4L);
        old.put("bytes_down", 6L);
        old.put("aggregation_latency_ms", 1L);
        old.put("round_duration_ms", 2L);
        old.put("created_at", SampleRecords.T0.toEpochMilli());

        RoundMetrics decoded = Codecs.roundMetrics().acceptWriterSchema(v1).decode(encode(v1, old));

        assertThat(decoded.getRoundNumber()).isEqualTo(4L);
        assertThat(decoded.getClippedUpdates()).isZero();
        assertThat(decoded.getCappedWeights()).isZero();
        assertThat(decoded.getNormBound()).isNull();
        assertThat(decoded.getWeightCap()).isNull();
        assertThat(decoded.getReleaseRefused()).isNull();
    }

    @Test
    void aReaderOfThePreviousRoundMetricsSchemaReadsTheCurrentOne() throws Exception {
        Schema v1 = load("/evolution/RoundMetrics-v1.avsc");
        BinaryMessageDecoder<GenericRecord> v1Reader =
                new BinaryMessageDecoder<>(GenericData.get(), v1);
        v1Reader.addSchema(RoundMetrics.getClassSchema());

        GenericRecord decoded =
                v1Reader.decode(Codecs.roundMetrics().encode(SampleRecords.roundMetrics()));

        assertThat(decoded.get("round_number")).isEqualTo(12L);
        assertThat(decoded.get("participants")).isEqualTo(10);
        assertThat(decoded.getSchema().getField("release_refused")).isNull();
    }

    @Test
    void releaseRefusedReadsAsUnknownWithTheEarlierDeadLetterSchemas() throws Exception {
        DeadLetter current = SampleRecords.deadLetter();
        current.setReason(ReasonCode.RELEASE_REFUSED);
        byte[] bytes = Codecs.deadLetter().encode(current);
        for (String earlier : List.of("DeadLetter-v1.avsc", "DeadLetter-v2.avsc")) {
            Schema schema = load("/evolution/" + earlier);
            BinaryMessageDecoder<GenericRecord> reader =
                    new BinaryMessageDecoder<>(GenericData.get(), schema);
            reader.addSchema(DeadLetter.getClassSchema());

            assertThat(reader.decode(bytes).get("reason").toString())
                    .as(earlier)
                    .isEqualTo("UNKNOWN");
        }
        // ...and the current reader still reads the previous schema's records (BAD_ID last there)
        Schema v2 = load("/evolution/DeadLetter-v2.avsc");
        GenericRecord old = new GenericData.Record(v2);
        old.put("source_topic", Topics.UPDATES);
        old.put("partition", 0);
        old.put("offset", 1L);
        old.put("reason", new GenericData.EnumSymbol(v2.getField("reason").schema(), "BAD_ID"));
        old.put("detail", "bad id");
        old.put("payload", ByteBuffer.wrap(new byte[0]));
        old.put("rejected_at", SampleRecords.T0.toEpochMilli());
        assertThat(Codecs.deadLetter().acceptWriterSchema(v2).decode(encode(v2, old)).getReason())
                .isEqualTo(ReasonCode.BAD_ID);
    }

    /**
     * The identity fields (run id, sequence, selection tags) were added with defaults: a reader of
     * the schema before reads today's records, and today's reader reads the earlier records with
     * the defaults.
     */
    @Test
    void identityFieldsAreCompatibleBothWays() throws Exception {
        record Pair(String file, org.apache.avro.specific.SpecificRecordBase sample) {}
        ModelUpdate update = SampleRecords.modelUpdate();
        update.setRunId("run-1");
        update.setSequence(42L);
        RoundTask task = SampleRecords.roundTask();
        task.setRunId("run-1");
        task.setSelectionTags(List.of(ByteBuffer.wrap(new byte[16])));
        List<Pair> pairs =
                List.of(
                        new Pair("ModelUpdate-v1.avsc", update),
                        new Pair("GlobalModel-v1.avsc", SampleRecords.globalModel()),
                        new Pair("ClientHeartbeat-v2.avsc", SampleRecords.heartbeat()),
                        new Pair("RoundTask-v2.avsc", task),
                        new Pair("RoundMetrics-v2.avsc", SampleRecords.roundMetrics()),
                        new Pair("DeadLetter-v3.avsc", SampleRecords.deadLetter()));
        for (Pair p : pairs) {
            Schema before = load("/evolution/" + p.file());
            Schema now = p.sample().getSchema();
            BinaryMessageDecoder<GenericRecord> oldReader =
                    new BinaryMessageDecoder<>(GenericData.get(), before);
            oldReader.addSchema(now);
            byte[] bytes = new WireCodec<>(now).encode(p.sample());
            GenericRecord read = oldReader.decode(bytes);
            assertThat(read.getSchema().getField("run_id")).as(p.file()).isNull();

            GenericRecord old = oldReader.decode(bytes);
            WireCodec<org.apache.avro.specific.SpecificRecordBase> reader = new WireCodec<>(now);
            reader.acceptWriterSchema(before);
            org.apache.avro.specific.SpecificRecordBase back = reader.decode(encode(before, old));
            if (now.getField("run_id") != null) {
                assertThat(back.get("run_id")).as(p.file()).isNull();
            }
            if (now.getField("sequence") != null) {
                assertThat(back.get("sequence")).as(p.file()).isNull();
            }
            if (now.getField("selection_tags") != null) {
                assertThat((List<?>) back.get("selection_tags")).as(p.file()).isEmpty();
            }
        }
    }

    private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
        ByteBuffer buffer =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static Schema load(String resource) throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] encodeV2(String encoding, String deviceClass) {
        Schema tensorSchema = v2.getField("delta").schema();
        Schema encodingSchema = tensorSchema.getField("encoding").schema();
        GenericRecord tensor = new GenericData.Record(tensorSchema);
        tensor.put("encoding", new GenericData.EnumSymbol(encodingSchema, encoding));
        tensor.put("shapes", List.of(List.of(2)));
        // 1.0f = 00 00 80 3F and -2.0f = 00 00 00 C0, little-endian.
        tensor.put(
                "data",
                ByteBuffer.wrap(new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0}));

        GenericRecord update = new GenericData.Record(v2);
        update.put("client_id", "client-9");
        update.put("model_id", "fmnist");
        update.put("round", 4L);
        update.put("base_version", 3L);
        update.put("num_samples", 250L);
        update.put("training_loss", 0.75);
        update.put("training_time_ms", 99L);
        update.put("created_at", SampleRecords.T0.toEpochMilli());
        update.put("delta", tensor);
        update.put("device_class", deviceClass);
        try {
            ByteBuffer buffer =
                    new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(update);
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
