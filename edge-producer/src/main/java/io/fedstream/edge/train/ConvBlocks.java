package io.fedstream.edge.train;

import io.fedstream.model.ModelSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The two convolution blocks of a convolutional {@link ModelSpec} on ND4J's native operations
 * ({@code conv2d}, {@code maxpool2d} and their {@code _bp} gradients): per block a valid K x K
 * convolution of stride 1 with bias, ReLU and 2 x 2 max pooling of stride 2, in NCHW with kernels
 * {@code [C_out, C_in, K, K]} as the wire layout has them. The forward pass returns the features
 * the dense stack takes, {@code [m, C2·P·P]} flattened channel, row, column as in {@link
 * io.fedstream.model.ReferenceModel}; the backward pass turns their gradient into the gradients of
 * the four block tensors.
 */
final class ConvBlocks {
    /** libnd4j's conv2d integer arguments after kH, kW: stride, padding, dilation, mode, layout. */
    private static final int SAME_MODE = 0; // valid: no padding

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
            INDArray[] g =
                    execAll(
                            "conv2d_bp",
                            convArgs(),
                            f.inputs()[block],
                            tensors[2 * block],
                            tensors[2 * block + 1],
                            dZ);
            grads[2 * block] = g[1];
            grads[2 * block + 1] = g[2];
            dPooled = g[0];
        }
        return grads;
    }

    private int[] convArgs() {
        int k = spec.kernelSize();
        return new int[] {k, k, 1, 1, 0, 0, 1, 1, SAME_MODE, NCHW, WEIGHTS_OIHW};
    }

    private static int[] poolArgs() {
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, extra (average pooling only), NHWC flag
        return new int[] {2, 2, 2, 2, 0, 0, 1, 1, SAME_MODE, 0, NCHW};
    }

    private static INDArray exec(String op, int[] args, INDArray... inputs) {
        return execAll(op, args, inputs)[0];
    }

    private static INDArray[] execAll(String op, int[] args, INDArray... inputs) {
        return Nd4j.exec(
                DynamicCustomOp.builder(op).addInputs(inputs).addIntegerArguments(args).build());
    }
}
