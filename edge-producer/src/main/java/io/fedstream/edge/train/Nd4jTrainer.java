package io.fedstream.edge.train;

import io.fedstream.data.Dataset;
import io.fedstream.model.ModelSpec;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Local training of a {@link ModelSpec} with ND4J: dense layers {@code Z = XW + b}, ReLU between
 * layers, softmax cross-entropy on the last, backpropagation written out by hand and plain
 * minibatch SGD (no momentum, no weight decay), as in FedAvg (McMahan et al. 2017, "Communication-
 * Efficient Learning of Deep Networks from Decentralized Data"). A convolutional model's two
 * convolution blocks run before the dense layers on ND4J's native convolution and pooling
 * operations and their gradients ({@link ConvBlocks}).
 *
 * <p>The parameters live in one flat ND4J vector in the wire layout; every tensor (kernels, {@code
 * W_l}, biases) is a view into it, so SGD updates the flat vector in place and the delta is one
 * subtraction.
 *
 * <p>Instances hold no mutable state and may be shared between threads.
 */
@SuppressWarnings("try") // workspace scopes are try-with-resources whose variable is unused
public final class Nd4jTrainer {
    private static final String STEP_WORKSPACE_ID = "fedstream-train-step";
    private static final WorkspaceConfiguration STEP_WORKSPACE =
            WorkspaceConfiguration.builder()
                    .initialSize(0)
                    .policyAllocation(AllocationPolicy.STRICT)
                    .policyLearning(LearningPolicy.FIRST_LOOP)
                    .policyReset(ResetPolicy.BLOCK_LEFT)
                    .policySpill(SpillPolicy.REALLOCATE)
                    .build();

    private final ModelSpec spec;
    private final DataType dataType;
    private final int[] sizes;

    /** Index of W_0 among the tensors: after the convolution blocks' four. */
    private final int dense0;

    private final ConvBlocks blocks;

    /** A trainer computing in float32. */
    public Nd4jTrainer(ModelSpec spec) {
        this(spec, DataType.FLOAT);
    }

    /** A trainer computing in {@code dataType}: FLOAT for training, DOUBLE for gradient checks. */
    public Nd4jTrainer(ModelSpec spec, DataType dataType) {
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException(
                    "data type " + dataType + " vs supported FLOAT or DOUBLE");
        }
        this.spec = spec;
        this.dataType = dataType;
        this.sizes = spec.layerSizes();
        this.blocks = spec.convolutional() ? new ConvBlocks(spec, dataType) : null;
        this.dense0 = spec.convolutional() ? 4 : 0;
    }

    public ModelSpec spec() {
        return spec;
    }

    /**
     * Runs {@code epochs} epochs of minibatch SGD from {@code globalParams} on {@code local}. The
     * examples are reshuffled every epoch with a {@link SplittableRandom} seeded by {@code seed};
     * the last batch of an epoch may be smaller. Same inputs and seed give a bit-identical delta.
     */
    public TrainingResult train(
            float[] globalParams, Dataset local, int epochs, double lr, int batchSize, long seed) {
        return train(
                globalParams, local, epochs, lr, batchSize, 0, seed, IntUnaryOperator.identity());
    }

    /**
     * As {@link #train(float[], Dataset, int, double, int, long)}, with FedProx's proximal term (Li
     * et al. 2020) and on the labels {@code labelMap(y)} instead of {@code y} (identity on a real
     * device; a label-flipping client's data poisoning in the attack simulation). Each step
     * minimizes the batch loss plus (μ/2)‖w − w_g‖², so its gradient gains μ(w − w_g), w_g being
     * {@code globalParams}: every SGD step is w ← w − lr (∇loss(w) + μ (w − w_g)). With μ = 0
     * nothing is added: plain SGD.
     *
     * @param proximalMu μ &gt;= 0
     */
    public TrainingResult train(
            float[] globalParams,
            Dataset local,
            int epochs,
            double lr,
            int batchSize,
            double proximalMu,
            long seed,
            IntUnaryOperator labelMap) {
        long start = System.nanoTime();
        checkParams(globalParams.length);
        checkData(local);
        if (epochs < 1
                || batchSize < 1
                || !(lr > 0)
                || !Double.isFinite(lr)
                || !(proximalMu >= 0)
                || !Double.isFinite(proximalMu)) {
            throw new IllegalArgumentException(
                    "epochs "
                            + epochs
                            + ", batch size "
                            + batchSize
                            + ", learning rate "
                            + lr
                            + ", proximal mu "
                            + proximalMu
                            + ": expected epochs >= 1, batch size >= 1, 0 < learning rate < inf,"
                            + " 0 <= mu < inf");
        }
        int n = local.size();
        int dim = spec.inputSize();
        float[] x = new float[Math.multiplyExact(n, dim)];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            local.features(i, x, i * dim);
            y[i] = labelMap.applyAsInt(local.label(i));
        }

        INDArray global = Nd4j.create(globalParams, new long[] {globalParams.length}, dataType);
        INDArray flat = global.dup();
        INDArray[] tensors = tensors(flat);

        int batch = Math.min(batchSize, n);
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        float[] xb = new float[batch * dim];
        int[] yb = new int[batch];
        SplittableRandom rng = new SplittableRandom(seed);
        double lastEpochLoss = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, rng);
            double lossSum = 0;
            for (int from = 0; from < n; from += batch) {
                int m = Math.min(batch, n - from);
                for (int k = 0; k < m; k++) {
                    System.arraycopy(x, order[from + k] * dim, xb, k * dim, dim);
                    yb[k] = y[order[from + k]];
                }
                float[] xData = m == batch ? xb : Arrays.copyOf(xb, m * dim);
                try (MemoryWorkspace ws = stepWorkspace()) {
                    INDArray xBatch = Nd4j.create(xData, new long[] {m, dim}, dataType);
                    Step step = forwardBackward(tensors, xBatch, Arrays.copyOf(yb, m), true);
                    // The proximal step lr μ (w − w_g) is taken at the w the gradient saw.
                    INDArray proximal =
                            proximalMu == 0 ? null : flat.sub(global).muli(lr * proximalMu);
                    for (int t = 0; t < tensors.length; t++) {
                        tensors[t].subi(step.grads[t].muli(lr));
                    }
                    if (proximal != null) {
                        flat.subi(proximal);
                    }
                    lossSum += step.loss * m;
                }
            }
            lastEpochLoss = lossSum / n;
        }
        float[] delta = flat.subi(global).toFloatVector();
        flat.close();
        global.close();
        long timeMs = (System.nanoTime() - start) / 1_000_000;
        return new TrainingResult(delta, lastEpochLoss, n, timeMs);
    }

    /**
     * Mean cross-entropy of the model {@code params} on {@code features} (row-major, {@code
     * labels.length} rows of {@link ModelSpec#inputSize()}) and, when {@code gradOut} is not null,
     * its gradient with respect to every parameter, in the flat layout.
     */
    public double lossAndGradient(
            double[] params, double[] features, int[] labels, double[] gradOut) {
        checkParams(params.length);
        int n = labels.length;
        if (n == 0 || features.length != (long) n * spec.inputSize()) {
            throw new IllegalArgumentException(
                    "features "
                            + features.length
                            + " values vs "
                            + n
                            + " labels x input size "
                            + spec.inputSize()
                            + " (need at least one example)");
        }
        checkLabels(labels);
        if (gradOut != null) {
            checkParams(gradOut.length);
        }
        INDArray flat = Nd4j.create(params, new long[] {params.length}, dataType);
        INDArray grad = Nd4j.zeros(dataType, params.length);
        INDArray[] gradTensors = tensors(grad);
        double loss;
        try (MemoryWorkspace ws = stepWorkspace()) {
            INDArray x = Nd4j.create(features, new long[] {n, spec.inputSize()}, dataType);
            Step step = forwardBackward(tensors(flat), x, labels, gradOut != null);
            loss = step.loss;
            if (gradOut != null) {
                for (int t = 0; t < gradTensors.length; t++) {
                    gradTensors[t].assign(step.grads[t]);
                }
            }
        }
        if (gradOut != null) {
            System.arraycopy(grad.toDoubleVector(), 0, gradOut, 0, params.length);
        }
        flat.close();
        grad.close();
        return loss;
    }

    /** Mean cross-entropy of the model {@code params} over all of {@code data}, in batches. */
    public double meanLoss(float[] params, Dataset data) {
        checkParams(params.length);
        checkData(data);
        INDArray flat = Nd4j.create(params, new long[] {params.length}, dataType);
        INDArray[] tensors = tensors(flat);
        int dim = spec.inputSize();
        int chunk = spec.convolutional() ? 128 : 1024;
        double sum = 0;
        for (int from = 0; from < data.size(); from += chunk) {
            int m = Math.min(chunk, data.size() - from);
            float[] xb = new float[m * dim];
            int[] yb = new int[m];
            for (int k = 0; k < m; k++) {
                data.features(from + k, xb, k * dim);
                yb[k] = data.label(from + k);
            }
            try (MemoryWorkspace ws = stepWorkspace()) {
                INDArray x = Nd4j.create(xb, new long[] {m, dim}, dataType);
                sum += forwardBackward(tensors, x, yb, false).loss * m;
            }
        }
        flat.close();
        return sum / data.size();
    }

    /** Loss and (optionally) gradients of one batch; gradients are fresh arrays, not views. */
    private Step forwardBackward(INDArray[] tensors, INDArray x, int[] labels, boolean grad) {
        int layers = sizes.length - 1;
        int m = labels.length;
        ConvBlocks.Forward conv = blocks == null ? null : blocks.forward(tensors, x);
        // acts[l] is the input of dense layer l: the features for l = 0, ReLU(Z_{l-1}) after.
        INDArray[] acts = new INDArray[layers];
        acts[0] = conv == null ? x : conv.features();
        INDArray logits = null;
        for (int l = 0; l < layers; l++) {
            INDArray z = acts[l].mmul(weight(tensors, l)).addiRowVector(bias(tensors, l));
            if (l + 1 < layers) {
                acts[l + 1] = Transforms.relu(z, false);
            } else {
                logits = z;
            }
        }
        float[] oneHotData = new float[m * sizes[layers]];
        for (int i = 0; i < m; i++) {
            oneHotData[i * sizes[layers] + labels[i]] = 1f;
        }
        INDArray oneHot = Nd4j.create(oneHotData, new long[] {m, sizes[layers]}, dataType);

        // Stable softmax cross-entropy: loss_i = log(sum_j exp(z_ij - max_i)) - (z_iy - max_i).
        INDArray shifted = logits.subiColumnVector(logits.max(1));
        INDArray exp = Transforms.exp(shifted, true);
        INDArray sumExp = exp.sum(1);
        double logSumExp = Transforms.log(sumExp, true).sumNumber().doubleValue();
        double target = shifted.mul(oneHot).sumNumber().doubleValue();
        double loss = (logSumExp - target) / m;
        if (!grad) {
            return new Step(loss, null);
        }

        // dLoss/dZ_last = (softmax - onehot) / m; exp is no longer needed, reuse it in place.
        INDArray dz = exp.diviColumnVector(sumExp).subi(oneHot).divi(m);
        INDArray[] grads = new INDArray[tensors.length];
        for (int l = layers - 1; l >= 0; l--) {
            grads[dense0 + 2 * l] = acts[l].transpose().mmul(dz);
            grads[dense0 + 2 * l + 1] = dz.sum(0);
            if (l > 0) {
                // ReLU' is 1 where the activation is positive; 0 at 0 as in the reference model.
                dz = dz.mmul(weight(tensors, l).transpose()).muli(acts[l].gt(0).castTo(dataType));
            }
        }
        if (conv != null) {
            INDArray dFeatures = dz.mmul(weight(tensors, 0).transpose());
            System.arraycopy(blocks.backward(tensors, conv, dFeatures), 0, grads, 0, dense0);
        }
        return new Step(loss, grads);
    }

    /**
     * The scope of one batch: every intermediate array of a step lives in a thread-local workspace
     * that is reused from one batch to the next. Without it each step leaves its off-heap buffers
     * to the garbage collector, and a fleet grew to 13 GB resident in three rounds.
     */
    private static MemoryWorkspace stepWorkspace() {
        return Nd4j.getWorkspaceManager()
                .getAndActivateWorkspace(STEP_WORKSPACE, STEP_WORKSPACE_ID);
    }

    /** Views of every tensor of {@code flat} in layout order, each in its shape. */
    private INDArray[] tensors(INDArray flat) {
        List<int[]> shapes = spec.shapes();
        INDArray[] out = new INDArray[shapes.size()];
        long off = 0;
        for (int t = 0; t < out.length; t++) {
            long[] shape = Arrays.stream(shapes.get(t)).asLongStream().toArray();
            long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            INDArray view = flat.get(NDArrayIndex.interval(off, off + size));
            out[t] = shape.length == 1 ? view : view.reshape('c', shape);
            off += size;
        }
        return out;
    }

    private INDArray weight(INDArray[] tensors, int layer) {
        return tensors[dense0 + 2 * layer];
    }

    private INDArray bias(INDArray[] tensors, int layer) {
        return tensors[dense0 + 2 * layer + 1];
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private void checkParams(int length) {
        if (length != spec.numParameters()) {
            throw new IllegalArgumentException(
                    "parameters " + length + " vs spec " + spec + " " + spec.numParameters());
        }
    }

    private void checkData(Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException(
                    "dataset is empty; a client needs at least one example");
        }
        if (data.dim() != spec.inputSize()) {
            throw new IllegalArgumentException(
                    "dataset dim "
                            + data.dim()
                            + " vs spec "
                            + spec
                            + " input size "
                            + spec.inputSize());
        }
        if (data.numClasses() > spec.numClasses()) {
            throw new IllegalArgumentException(
                    "dataset classes "
                            + data.numClasses()
                            + " vs spec "
                            + spec
                            + " outputs "
                            + spec.numClasses());
        }
    }

    private void checkLabels(int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= spec.numClasses()) {
                throw new IllegalArgumentException(
                        "label "
                                + labels[i]
                                + " at "
                                + i
                                + " vs classes [0, "
                                + spec.numClasses()
                                + ")");
            }
        }
    }

    /** A batch's loss and, in layout order, the gradient of each tensor (null without them). */
    private record Step(double loss, INDArray[] grads) {}
}
