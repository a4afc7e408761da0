package io.fedstream.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

    @Test
    void roundTripsValuesBitForBit() {
        float[] values = {
            1f,
            -2.5f,
            0f,
            -0f,
            Float.MIN_VALUE,
            Float.MAX_VALUE,
            Float.NaN,
            Float.NEGATIVE_INFINITY,
            3.14159f
        };
        Tensor tensor = TensorCodec.dense(values, List.of(new int[] {3, 3}));
        assertThat(TensorCodec.values(tensor)).containsExactly(values);
        assertThat(tensor.getEncoding()).isEqualTo(TensorEncoding.DENSE_F32_LE);
        assertThat(tensor.getShapes()).containsExactly(List.of(3, 3));
    }

    @Test
    void roundTripsAnEmptyTensor() {
        Tensor tensor = TensorCodec.dense(new float[0], List.of());
        assertThat(tensor.getData().remaining()).isZero();
        assertThat(TensorCodec.values(tensor)).isEmpty();
    }

    @Test
    void roundTripsASingleValue() {
        Tensor tensor = TensorCodec.dense(new float[] {-7.75f}, List.of(new int[] {1}));
        assertThat(TensorCodec.values(tensor)).containsExactly(-7.75f);
    }

    @Test
    void roundTripsThroughTheWireCodec() throws Exception {
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.001f - 0.5f;
        }
        GlobalModel model =
                GlobalModel.newBuilder(SampleRecords.globalModel())
                        .setParameters(TensorCodec.dense(values, List.of(new int[] {10, 100})))
                        .build();
        WireCodec<GlobalModel> codec = Codecs.globalModel();
        assertThat(TensorCodec.values(codec.decode(codec.encode(model)).getParameters()))
                .containsExactly(values);
    }

    @Test
    void bytesAreLittleEndianFloat32() {
        // IEEE 754: 1.0f = 0x3F800000, -2.0f = 0xC0000000, 0.5f = 0x3F000000; low byte first.
        ByteBuffer bytes = TensorCodec.toBytes(new float[] {1f, -2f, 0.5f});
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        assertThat(out)
                .containsExactly(
                        0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x3F);
    }

    @Test
    void readsHandWrittenLittleEndianBytes() {
        Tensor tensor =
                Tensor.newBuilder()
                        .setEncoding(TensorEncoding.DENSE_F32_LE)
                        .setShapes(List.of(List.of(2)))
                        .setData(
                                ByteBuffer.wrap(
                                        new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0x20, 0x41}))
                        .build();
        // 0x41200000 = 10.0f
        assertThat(TensorCodec.values(tensor)).containsExactly(1f, 10f);
    }

    @Test
    void readsOnlyTheRemainingBytesOfAPositionedBuffer() {
        byte[] backing = {9, 9, 9, 9, 0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0, 9};
        Tensor tensor =
                Tensor.newBuilder()
                        .setEncoding(TensorEncoding.DENSE_F32_LE)
                        .setShapes(List.of(List.of(2)))
                        .setData(ByteBuffer.wrap(backing, 4, 8))
                        .build();
        assertThat(TensorCodec.values(tensor)).containsExactly(1f, -2f);
        assertThat(tensor.getData().position()).as("reading must not move the buffer").isEqualTo(4);
    }

    @Test
    void refusesShapesThatDescribeAnotherValueCount() {
        // [2,3] + [1] describe 7 values.
        assertThatThrownBy(
                        () ->
                                TensorCodec.dense(
                                        new float[5], List.of(new int[] {2, 3}, new int[] {1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7")
                .hasMessageContaining("5");
    }

    @Test
    void refusesDataThatIsNotFourBytesAValue() {
        Tensor tensor =
                Tensor.newBuilder()
                        .setEncoding(TensorEncoding.DENSE_F32_LE)
                        .setShapes(List.of(List.of(2)))
                        .setData(ByteBuffer.wrap(new byte[7]))
                        .build();
        assertThatThrownBy(() -> TensorCodec.values(tensor))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7 bytes");
    }

    @Test
    void refusesAnEncodingOtherThanDense() {
        Tensor tensor =
                Tensor.newBuilder()
                        .setEncoding(TensorEncoding.UNKNOWN)
                        .setShapes(List.of())
                        .setData(ByteBuffer.allocate(0))
                        .build();
        assertThatThrownBy(() -> TensorCodec.values(tensor))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UNKNOWN")
                .hasMessageContaining("DENSE_F32_LE");
    }

    @Test
    void countsElementsOverAllShapes() {
        // 784*128 + 128 + 128*10 + 10 = 101,770
        assertThat(
                        TensorCodec.elementCount(
                                List.of(
                                        new int[] {784, 128},
                                        new int[] {128},
                                        new int[] {128, 10},
                                        new int[] {10})))
                .isEqualTo(101_770L);
        assertThat(TensorCodec.elementCount(List.of(new int[] {0, 5}))).isZero();
    }
}
