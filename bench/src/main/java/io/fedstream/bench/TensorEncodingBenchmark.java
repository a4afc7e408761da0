package io.fedstream.bench;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Tensor;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.PrimitivesArrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The contract's tensor encoding ({@code bytes} of little-endian float32) against the obvious
 * alternative ({@code array<float>}) for {@code values} floats, N(0, 0.05²) from {@code new
 * Random(42)}. Each variant converts from and to a {@code float[]}, since that is what the trainer
 * and the aggregator hold. Two {@code array<float>} writers: a list of boxed {@code Float}s, the
 * portable way, and Avro 1.12's {@link PrimitivesArrays.FloatArray}, the best Avro offers; the
 * reader builds the latter on its own. One call per iteration, 20 warm-up and 21 measured: the
 * figures are the median and the minimum (the JSON's {@code scorePercentiles} 50.0 and 0.0) and
 * each median over the bytes variant's ({@code bytesTensorEncode} or {@code bytesTensorDecode}).
 * The set-up prints each variant's encoded size.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 20)
@Measurement(iterations = 21)
@State(Scope.Benchmark)
public class TensorEncodingBenchmark {
    @Param({"1000000"})
    public int values;

    private float[] data;
    private List<int[]> shapes;
    private Schema arraySchema;
    private SpecificDatumWriter<Tensor> bytesWriter;
    private SpecificDatumReader<Tensor> bytesReader;
    private GenericDatumWriter<GenericRecord> arrayWriter;
    private GenericDatumReader<GenericRecord> arrayReader;
    private WireCodec<GlobalModel> codec;
    private Buffer out;
    private byte[] bytesEncoded;
    private byte[] arrayEncoded;
    private byte[] frame;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        data = new float[values];
        Random random = new Random(42);
        for (int i = 0; i < values; i++) {
            data[i] = (float) (random.nextGaussian() * 0.05);
        }
        shapes = List.of(new int[] {values});
        arraySchema =
                SchemaBuilder.record("TensorF32Array")
                        .namespace("io.fedstream.bench")
                        .fields()
                        .name("shapes")
                        .type()
                        .array()
                        .items()
                        .array()
                        .items()
                        .intType()
                        .noDefault()
                        .name("data")
                        .type()
                        .array()
                        .items()
                        .floatType()
                        .noDefault()
                        .endRecord();
        bytesWriter = new SpecificDatumWriter<>(Tensor.class);
        bytesReader = new SpecificDatumReader<>(Tensor.class);
        arrayWriter = new GenericDatumWriter<>(arraySchema);
        arrayReader = new GenericDatumReader<>(arraySchema);
        codec = Codecs.globalModel();
        out = new Buffer(values * 4 + 64);

        bytesEncoded = write(bytesWriter, TensorCodec.dense(data, shapes));
        arrayEncoded = write(arrayWriter, boxedRecord());
        frame = codec.encode(model());
        check(TensorCodec.values(bytesReader.read(null, decoder(bytesEncoded))), "bytes");
        check(toFloats(arrayReader.read(null, decoder(arrayEncoded))), "array<float>");
        check(
                toFloats(arrayReader.read(null, decoder(write(arrayWriter, primitiveRecord())))),
                "array<float> (FloatArray)");
        System.out.printf(
                "%nencoded bytes: Tensor record %,d, GlobalModel frame %,d, array<float> %,d%n",
                bytesEncoded.length, frame.length, arrayEncoded.length);
    }

    @Benchmark
    public int bytesTensorEncode() throws IOException {
        return write(bytesWriter, TensorCodec.dense(data, shapes)).length;
    }

    @Benchmark
    public int bytesTensorDecode() throws IOException {
        return TensorCodec.values(bytesReader.read(null, decoder(bytesEncoded))).length;
    }

    @Benchmark
    public int wireCodecGlobalModelEncode() {
        return codec.encode(model()).length;
    }

    @Benchmark
    public int wireCodecGlobalModelDecode() throws WireFormatException {
        return TensorCodec.values(codec.decode(frame).getParameters()).length;
    }

    @Benchmark
    public int arrayBoxedListEncode() throws IOException {
        return write(arrayWriter, boxedRecord()).length;
    }

    @Benchmark
    public int arrayFloatArrayEncode() throws IOException {
        return write(arrayWriter, primitiveRecord()).length;
    }

    @Benchmark
    public int arrayDecode() throws IOException {
        return toFloats(arrayReader.read(null, decoder(arrayEncoded))).length;
    }

    private <D> byte[] write(DatumWriter<D> writer, D datum) throws IOException {
        out.reset();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static BinaryDecoder decoder(byte[] bytes) {
        return DecoderFactory.get().binaryDecoder(bytes, null);
    }

    private GlobalModel model() {
        return GlobalModel.newBuilder()
                .setModelId("bench")
                .setVersion(1)
                .setModelSpec("bench")
                .setParameters(TensorCodec.dense(data, shapes))
                .setCreatedAt(Instant.EPOCH)
                .build();
    }

    private GenericRecord boxedRecord() {
        List<Float> list = new ArrayList<>(data.length);
        for (float v : data) {
            list.add(v);
        }
        GenericRecord record = new GenericData.Record(arraySchema);
        record.put("shapes", TensorCodec.toAvroShapes(shapes));
        record.put("data", list);
        return record;
    }

    private GenericRecord primitiveRecord() {
        PrimitivesArrays.FloatArray array =
                new PrimitivesArrays.FloatArray(data.length, arraySchema.getField("data").schema());
        for (int i = 0; i < data.length; i++) {
            array.add(i, data[i]);
        }
        GenericRecord record = new GenericData.Record(arraySchema);
        record.put("shapes", TensorCodec.toAvroShapes(shapes));
        record.put("data", array);
        return record;
    }

    @SuppressWarnings("unchecked")
    private static float[] toFloats(GenericRecord record) {
        List<Float> list = (List<Float>) record.get("data");
        float[] result = new float[list.size()];
        if (list instanceof PrimitivesArrays.FloatArray primitive) {
            for (int i = 0; i < result.length; i++) {
                result[i] = primitive.getFloat(i);
            }
        } else {
            for (int i = 0; i < result.length; i++) {
                result[i] = list.get(i);
            }
        }
        return result;
    }

    private void check(float[] actual, String variant) {
        if (!Arrays.equals(actual, data)) {
            throw new IllegalStateException(variant + " did not round-trip");
        }
    }

    /** A reusable output buffer. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }
    }
}
