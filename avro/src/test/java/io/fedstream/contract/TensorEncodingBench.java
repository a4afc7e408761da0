package io.fedstream.contract;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.PrimitivesArrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Measures the tensor encoding of the contract ({@code bytes} of little-endian float32) against the
 * obvious alternative ({@code array<float>}) for one million floats. Not a test and asserts nothing
 * about time: run it by hand and copy the table into docs/wire-format.md.
 *
 * <p>Each variant converts from and to a {@code float[]}, since that is what the trainer and the
 * aggregator hold. Two {@code array<float>} writers are timed: a list of boxed {@code Float}s, the
 * portable way, and Avro 1.12's {@link PrimitivesArrays.FloatArray}, the best Avro offers; the
 * reader builds the latter on its own.
 *
 * <p>Usage: {@code TensorEncodingBench [values] [warmups] [repetitions]}, defaults 1000000 20 21.
 */
public final class TensorEncodingBench {
    private static long sink;

    private TensorEncodingBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 21;

        float[] values = new float[n];
        Random random = new Random(42);
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * 0.05);
        }
        List<int[]> shapes = List.of(new int[] {n});
        Schema arraySchema =
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

        SpecificDatumWriter<Tensor> bytesWriter = new SpecificDatumWriter<>(Tensor.class);
        SpecificDatumReader<Tensor> bytesReader = new SpecificDatumReader<>(Tensor.class);
        GenericDatumWriter<GenericRecord> arrayWriter = new GenericDatumWriter<>(arraySchema);
        GenericDatumReader<GenericRecord> arrayReader = new GenericDatumReader<>(arraySchema);
        WireCodec<GlobalModel> codec = Codecs.globalModel();
        Buffer out = new Buffer(n * 4 + 64);

        byte[] bytesEncoded = write(bytesWriter, TensorCodec.dense(values, shapes), out);
        byte[] arrayEncoded = write(arrayWriter, boxedRecord(arraySchema, values, shapes), out);
        byte[] frame = codec.encode(model(values, shapes));
        check(TensorCodec.values(bytesReader.read(null, decoder(bytesEncoded))), values, "bytes");
        check(toFloats(arrayReader.read(null, decoder(arrayEncoded))), values, "array<float>");
        check(
                toFloats(
                        arrayReader.read(
                                null,
                                decoder(
                                        write(
                                                arrayWriter,
                                                primitiveRecord(arraySchema, values, shapes),
                                                out)))),
                values,
                "array<float> (FloatArray)");

        // Round-robin so JIT and GC state drift affects every variant alike.
        List<Variant> variants =
                List.of(
                        new Variant(
                                "bytes (Tensor record), encode",
                                bytesEncoded.length,
                                0,
                                () ->
                                        write(bytesWriter, TensorCodec.dense(values, shapes), out)
                                                .length),
                        new Variant(
                                "bytes (Tensor record), decode",
                                bytesEncoded.length,
                                1,
                                () ->
                                        TensorCodec.values(
                                                        bytesReader.read(
                                                                null, decoder(bytesEncoded)))
                                                .length),
                        new Variant(
                                "bytes (GlobalModel via WireCodec), encode",
                                frame.length,
                                0,
                                () -> codec.encode(model(values, shapes)).length),
                        new Variant(
                                "bytes (GlobalModel via WireCodec), decode",
                                frame.length,
                                1,
                                () ->
                                        TensorCodec.values(codec.decode(frame).getParameters())
                                                .length),
                        new Variant(
                                "array<float>, boxed List<Float>, encode",
                                arrayEncoded.length,
                                0,
                                () ->
                                        write(
                                                        arrayWriter,
                                                        boxedRecord(arraySchema, values, shapes),
                                                        out)
                                                .length),
                        new Variant(
                                "array<float>, Avro FloatArray, encode",
                                arrayEncoded.length,
                                0,
                                () ->
                                        write(
                                                        arrayWriter,
                                                        primitiveRecord(
                                                                arraySchema, values, shapes),
                                                        out)
                                                .length),
                        new Variant(
                                "array<float>, decode",
                                arrayEncoded.length,
                                1,
                                () ->
                                        toFloats(arrayReader.read(null, decoder(arrayEncoded)))
                                                .length));
        double[][] ms = new double[variants.size()][reps];
        for (int r = -warmups; r < reps; r++) {
            for (int v = 0; v < variants.size(); v++) {
                long t0 = System.nanoTime();
                sink += variants.get(v).op().run();
                if (r >= 0) {
                    ms[v][r] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }

        System.out.printf(
                Locale.ROOT,
                "%,d float32 values, %d warm-up rounds, %d measured rounds, Java %s, %d cores%n",
                n,
                warmups,
                reps,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(
                Locale.ROOT,
                "%-44s %12s %10s %10s %12s%n",
                "variant",
                "bytes",
                "median ms",
                "min ms",
                "median/bytes");
        double[] baseline = {median(ms[0]), median(ms[1])};
        for (int v = 0; v < variants.size(); v++) {
            Variant variant = variants.get(v);
            Arrays.sort(ms[v]);
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %,12d %10.2f %10.2f %11.1fx%n",
                    variant.name(),
                    variant.size(),
                    median(ms[v]),
                    ms[v][0],
                    median(ms[v]) / baseline[variant.kind()]);
        }
        System.out.println("(checksum " + sink + ")");
    }

    private interface Op {
        int run() throws Exception;
    }

    /** kind 0 = encode, 1 = decode: the bytes baseline each is compared with. */
    private record Variant(String name, int size, int kind, Op op) {}

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static <D> byte[] write(org.apache.avro.io.DatumWriter<D> writer, D datum, Buffer out)
            throws IOException {
        out.reset();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static BinaryDecoder decoder(byte[] bytes) {
        return DecoderFactory.get().binaryDecoder(bytes, null);
    }

    private static GlobalModel model(float[] values, List<int[]> shapes) {
        return GlobalModel.newBuilder()
                .setModelId("bench")
                .setVersion(1)
                .setModelSpec("bench")
                .setParameters(TensorCodec.dense(values, shapes))
                .setCreatedAt(Instant.EPOCH)
                .build();
    }

    private static GenericRecord boxedRecord(Schema schema, float[] values, List<int[]> shapes) {
        List<Float> data = new ArrayList<>(values.length);
        for (float v : values) {
            data.add(v);
        }
        GenericRecord record = new GenericData.Record(schema);
        record.put("shapes", TensorCodec.toAvroShapes(shapes));
        record.put("data", data);
        return record;
    }

    private static GenericRecord primitiveRecord(
            Schema schema, float[] values, List<int[]> shapes) {
        PrimitivesArrays.FloatArray data =
                new PrimitivesArrays.FloatArray(values.length, schema.getField("data").schema());
        for (int i = 0; i < values.length; i++) {
            data.add(i, values[i]);
        }
        GenericRecord record = new GenericData.Record(schema);
        record.put("shapes", TensorCodec.toAvroShapes(shapes));
        record.put("data", data);
        return record;
    }

    @SuppressWarnings("unchecked")
    private static float[] toFloats(GenericRecord record) {
        List<Float> data = (List<Float>) record.get("data");
        float[] out = new float[data.size()];
        if (data instanceof PrimitivesArrays.FloatArray primitive) {
            for (int i = 0; i < out.length; i++) {
                out[i] = primitive.getFloat(i);
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = data.get(i);
            }
        }
        return out;
    }

    private static void check(float[] actual, float[] expected, String variant) {
        if (!Arrays.equals(actual, expected)) {
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
