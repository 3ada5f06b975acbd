package dev.nowcast.model.network;

import dev.nowcast.model.cell.Cell;
import dev.nowcast.model.cell.CellScratch;
import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.cell.Kernels;
import dev.nowcast.model.head.Head;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stacked, optionally bidirectional recurrent network with a linear output layer and a {@link Head}: the
 * shape of a model, without its weights. Weights live in a flat {@code float[]} of {@link #parameterCount()}
 * floats laid out as {@link #parameters()} says (state_dict order: for each layer the forward cell, then the
 * reverse cell, then {@code head.weight} and {@code head.bias}), so the optimiser, the trainer and the
 * forecaster all work on one array. Instances are immutable and thread-safe.
 *
 * <p>Layer {@code l > 0} reads the previous layer's output, {@code D*H} wide ({@code D} = 2 when
 * bidirectional: forward output then reverse output). The head reads the top layer's output.
 */
public final class RecurrentNetwork {
    private final CellType cellType;
    private final int inputSize;
    private final int hiddenSize;
    private final int layers;
    private final int directions;
    private final Head head;
    private final Cell[] cells;
    private final int headWeight;
    private final int headBias;
    private final int parameterCount;
    private final List<ParameterSpec> parameters;

    /**
     * @param inputSize  features per step (>= 1)
     * @param hiddenSize H (>= 1)
     * @param layers     stacked layers (>= 1)
     */
    public RecurrentNetwork(CellType cellType, int inputSize, int hiddenSize, int layers, boolean bidirectional,
                            Head head) {
        if (cellType == null || head == null) {
            throw new IllegalArgumentException("cellType and head are required");
        }
        if (inputSize < 1 || hiddenSize < 1 || layers < 1) {
            throw new IllegalArgumentException("inputSize, hiddenSize and layers must be >= 1, got "
                    + inputSize + ", " + hiddenSize + ", " + layers);
        }
        this.cellType = cellType;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.layers = layers;
        this.directions = bidirectional ? 2 : 1;
        this.head = head;
        this.cells = new Cell[layers * directions];
        List<ParameterSpec> specs = new ArrayList<>();
        int g = cellType.gates() * hiddenSize;
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? inputSize : directions * hiddenSize;
            for (int d = 0; d < directions; d++) {
                Cell c = Cell.create(cellType, in, hiddenSize, offset);
                cells[l * directions + d] = c;
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                specs.add(new ParameterSpec("rnn.weight_ih" + suffix, new int[]{g, in}, c.wxhOffset(), true));
                specs.add(new ParameterSpec("rnn.weight_hh" + suffix, new int[]{g, hiddenSize}, c.whhOffset(), true));
                specs.add(new ParameterSpec("rnn.bias_ih" + suffix, new int[]{g}, c.bihOffset(), false));
                specs.add(new ParameterSpec("rnn.bias_hh" + suffix, new int[]{g}, c.bhhOffset(), false));
                offset += c.parameterCount();
            }
        }
        int width = directions * hiddenSize;
        this.headWeight = offset;
        this.headBias = offset + head.outputSize() * width;
        specs.add(new ParameterSpec("head.weight", new int[]{head.outputSize(), width}, headWeight, false));
        specs.add(new ParameterSpec("head.bias", new int[]{head.outputSize()}, headBias, false));
        this.parameterCount = headBias + head.outputSize();
        this.parameters = List.copyOf(specs);
    }

    public CellType cellType() {
        return cellType;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int layers() {
        return layers;
    }

    public boolean bidirectional() {
        return directions == 2;
    }

    /** 1, or 2 when bidirectional. */
    public int directions() {
        return directions;
    }

    public Head head() {
        return head;
    }

    /** Width of each layer's output and of the head's input: {@code directions * H}. */
    public int outputWidth() {
        return directions * hiddenSize;
    }

    /** Floats of one sample's recurrent state per layer and direction. */
    public int stateSize() {
        return cellType.stateSize(hiddenSize);
    }

    /** The cell of layer {@code layer} (0 = bottom), direction 0 (forward) or 1 (reverse). */
    public Cell cell(int layer, int direction) {
        return cells[layer * directions + direction];
    }

    /** Length of the flat parameter array. */
    public int parameterCount() {
        return parameterCount;
    }

    /** Offset of {@code head.weight} ({@code [outputSize, outputWidth]}, row-major as in PyTorch). */
    public int headWeightOffset() {
        return headWeight;
    }

    /** Offset of {@code head.bias}. */
    public int headBiasOffset() {
        return headBias;
    }

    /** The tensors of the parameter array, in PyTorch {@code state_dict} order (immutable list). */
    public List<ParameterSpec> parameters() {
        return parameters;
    }

    /** Scratch vectors for this network's cells (one per thread). */
    public CellScratch newScratch() {
        int gates = 0;
        int inputs = 0;
        for (Cell c : cells) {
            gates = Math.max(gates, c.gateSize());
            inputs = Math.max(inputs, c.inputSize());
        }
        return new CellScratch(gates, inputs, hiddenSize);
    }

    /**
     * A new parameter array initialised as PyTorch does: every recurrent tensor uniform in
     * {@code [-1/sqrt(H), 1/sqrt(H)]}, the head uniform in {@code [-1/sqrt(width), 1/sqrt(width)]}. The same
     * seed gives the same bits.
     */
    public float[] initialParameters(long seed) {
        float[] p = new float[parameterCount];
        SplittableRandom random = new SplittableRandom(seed);
        double k = 1 / Math.sqrt(hiddenSize);
        for (int i = 0; i < headWeight; i++) {
            p[i] = (float) random.nextDouble(-k, k);
        }
        double kh = 1 / Math.sqrt(outputWidth());
        for (int i = headWeight; i < parameterCount; i++) {
            p[i] = (float) random.nextDouble(-kh, kh);
        }
        return p;
    }

    /**
     * One streaming step of a unidirectional network for one sample, updating {@code state} in place.
     *
     * @param x       the step's features at {@code x[xOff .. xOff+inputSize)}
     * @param state   per layer, the state row ({@link #stateSize()} floats; layer l+1 reads layer l's new h)
     * @param scratch from {@link #newScratch()}
     * @throws IllegalStateException for a bidirectional network, which needs the whole sequence
     */
    public void step(NetworkWeights w, float[] x, int xOff, float[][] state, CellScratch scratch) {
        if (directions != 1) {
            throw new IllegalStateException("a bidirectional network cannot be stepped causally");
        }
        cells[0].forward(w.cell(0, 0), 1, x, xOff, state[0], 0, state[0], 0, null, 0, scratch);
        for (int l = 1; l < layers; l++) {
            cells[l].forward(w.cell(l, 0), 1, state[l - 1], 0, state[l], 0, state[l], 0, null, 0, scratch);
        }
    }

    /** The linear output layer: {@code out[outOff + k] = head.bias[k] + head.weight[k] . h} for each output k. */
    public void headOutput(float[] params, float[] h, int hOff, float[] out, int outOff) {
        int width = outputWidth();
        int n = head.outputSize();
        int k = 0;
        for (; k + 1 < n; k += 2) {
            Kernels.dot2(params, headWeight + k * width, headWeight + (k + 1) * width, h, hOff, width, out, outOff + k);
            out[outOff + k] += params[headBias + k];
            out[outOff + k + 1] += params[headBias + k + 1];
        }
        if (k < n) {
            out[outOff + k] = Kernels.dot(params, headWeight + k * width, h, hOff, width);
            out[outOff + k] += params[headBias + k];
        }
    }

    /**
     * Back-propagates through the linear output layer for one sample: adds {@code W^T dOut} to
     * {@code dh[dhOff ..]} and {@code dOut h^T}, {@code dOut} to the head's gradient in {@code grad}.
     */
    public void headBackward(float[] params, float[] grad, float[] h, int hOff, float[] dOut, int dOff,
                             float[] dh, int dhOff) {
        int width = outputWidth();
        for (int k = 0, n = head.outputSize(); k < n; k++) {
            float d = dOut[dOff + k];
            Kernels.axpy(d, params, headWeight + k * width, dh, dhOff, width);
            Kernels.axpy(d, h, hOff, grad, headWeight + k * width, width);
            grad[headBias + k] += d;
        }
    }
}
