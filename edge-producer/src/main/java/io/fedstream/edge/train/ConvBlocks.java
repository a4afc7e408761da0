package io.fedstream.edge.train;

import io.fedstream.model.ModelSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The two convolution blocks of a convolutional {@link ModelSpec} on ND4J's native operations
 * ({@code conv2d}, {@code maxpool2d}, {@code maxpool2d_bp}): per block a valid K x K convolution of
 * stride 1 with bias, ReLU and 2 x 2 max pooling of stride 2, in NCHW with kernels {@code [C_out,
 * C_in, K, K]} as the wire layout has them. The forward pass returns the features the dense stack
 * takes, {@code [m, C2·P·P]} flattened channel, row, column as in {@link
 * io.fedstream.model.ReferenceModel}; the backward pass turns their gradient into the gradients of
 * the four block tensors, each as forward convolutions.
 */
final class ConvBlocks {
    /** libnd4j's padding-mode argument: 0 = explicit padding (none unless given), 1 = same. */
    private static final int EXPLICIT_PADDING = 0;

    private static final int NCHW = 0;
    private static final int WEIGHTS_OIHW = 1;

    private final ModelSpec spec;
    private final DataType dataType;

    ConvBlocks(ModelSpec spec, DataType dataType) {
        if (!spec.convolutional()) {
            throw new IllegalArgumentException("model " + spec + " has no convolution blocks");
        }
        this.spec = spec;
        this.dataType = dataType;
    }

    /** Intermediate arrays of one forward pass, kept for its backward pass. */
    record Forward(INDArray[] inputs, INDArray[] activations, INDArray features) {}

    /**
     * @param tensors the model's tensors in layout order; the first four are the blocks' (kernel,
     *     bias) pairs
     * @param x {@code [m, S·S]}, one image a row
     */
    Forward forward(INDArray[] tensors, INDArray x) {
        long m = x.size(0);
        int side = spec.imageSide();
        INDArray in = x.reshape('c', m, 1, side, side);
        INDArray[] inputs = new INDArray[2];
        INDArray[] activations = new INDArray[2];
        for (int block = 0; block < 2; block++) {
            inputs[block] = in;
            INDArray z = exec("conv2d", convArgs(), in, tensors[2 * block], tensors[2 * block + 1]);
            activations[block] = Transforms.relu(z, false);
            in = exec("maxpool2d", poolArgs(), activations[block]);
        }
        return new Forward(inputs, activations, in.reshape('c', m, spec.layerSizes()[0]));
    }

    /**
     * Gradients of the four block tensors (kernel 0, bias 0, kernel 1, bias 1) given {@code
     * dFeatures}, the loss's gradient with respect to {@link Forward#features()}.
     */
    INDArray[] backward(INDArray[] tensors, Forward f, INDArray dFeatures) {
        INDArray[] grads = new INDArray[4];
        INDArray dPooled =
                dFeatures.reshape(
                        'c',
                        dFeatures.size(0),
                        spec.convOutChannels(1),
                        spec.convOutputSide(1) / 2,
                        spec.convOutputSide(1) / 2);
        for (int block = 1; block >= 0; block--) {
            INDArray a = f.activations()[block];
            INDArray dA = exec("maxpool2d_bp", poolArgs(), a, dPooled);
            // ReLU' is 1 where the activation is positive, 0 at 0 as in the reference model.
            INDArray dZ = dA.muli(a.gt(0).castTo(dataType));
            INDArray in = f.inputs()[block];
            INDArray w = tensors[2 * block];
            grads[2 * block] = kernelGradient(in, dZ);
            grads[2 * block + 1] = dZ.sum(0, 2, 3);
            dPooled = block == 0 ? null : inputGradient(dZ, w);
        }
        return grads;
    }

    private int[] convArgs() {
        return convArgs(spec.kernelSize(), 0);
    }

    private static int[] convArgs(int k, int padding) {
        return new int[] {k, k, 1, 1, padding, padding, 1, 1, EXPLICIT_PADDING, NCHW, WEIGHTS_OIHW};
    }

    /**
     * dL/dW[o][i][u][v] = Σ_n Σ_r,c dZ[n][o][r][c] · x[n][i][r+u][c+v]: a valid correlation of the
     * input with the output gradient over the batch, run as one forward convolution with the batch
     * as the channel axis (libnd4j's conv2d_bp took 5 to 6 times as long as the forward pass here).
     */
    private static INDArray kernelGradient(INDArray x, INDArray dZ) {
        INDArray xt = x.permute(1, 0, 2, 3).dup('c'); // [C_in, m, S, S]
        INDArray dzt = dZ.permute(1, 0, 2, 3).dup('c'); // [C_out, m, o, o] as a kernel
        int o = (int) dZ.size(2);
        INDArray g = exec("conv2d", convArgs(o, 0), xt, dzt); // [C_in, C_out, K, K]
        return g.permute(1, 0, 2, 3).dup('c');
    }

    /**
     * dL/dx = the full correlation of dZ with the kernel rotated by 180 degrees and its channel
     * axes swapped: a forward convolution of dZ padded by K − 1.
     */
    private INDArray inputGradient(INDArray dZ, INDArray w) {
        int k = spec.kernelSize();
        // reversing the flattened K x K index i = u K + v gives (K−1−u) K + (K−1−v): 180 degrees
        INDArray rotated =
                exec(
                        "reverse",
                        new int[] {1},
                        w.permute(1, 0, 2, 3).dup('c').reshape('c', -1, k * k));
        INDArray kernel =
                rotated.reshape('c', w.size(1), w.size(0), k, k); // [C_in, C_out, K, K], flipped
        return exec("conv2d", convArgs(k, k - 1), dZ, kernel);
    }

    private static int[] poolArgs() {
        // kH, kW, sH, sW, pH, pW, dH, dW, padding mode, extra (average pooling only), NHWC flag
        return new int[] {2, 2, 2, 2, 0, 0, 1, 1, EXPLICIT_PADDING, 0, NCHW};
    }

    /** The first output of libnd4j's custom operation {@code op}. */
    private static INDArray exec(String op, int[] args, INDArray... inputs) {
        return Nd4j.exec(
                DynamicCustomOp.builder(op).addInputs(inputs).addIntegerArguments(args).build())[0];
    }
}
