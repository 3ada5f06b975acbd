package dev.nowcast.model.network;

import dev.nowcast.model.cell.Cell;
import dev.nowcast.model.cell.CellScratch;
import dev.nowcast.model.cell.CellWeights;
import dev.nowcast.model.head.Head;

import java.util.Arrays;

/**
 * Backpropagation through time for one {@link RecurrentNetwork} over one {@link SequenceBatch}: a forward
 * pass layer by layer (each layer over all steps, each step over all rows at once), the head's loss at every
 * step that has a target, then the exact gradient of the summed loss. A workspace, not thread-safe: give each
 * thread its own and add their gradients in a fixed order for reproducible results. Buffers are allocated
 * once for the largest batch and sequence length; calls allocate nothing.
 */
public final class Bptt {
    private final RecurrentNetwork net;
    private final int maxRows;
    private final int maxSteps;
    private final float[][] states;
    private final float[][] caches;
    private final float[][] preGradients;
    private final float[][] outputs;
    private final float[][] outputGradients;
    private final float[] stateGradient;
    private final float[] previousStateGradient;
    private final float[] headOut;
    private final float[] headGradient;
    private final CellWeights[] cellGradients;
    private final CellScratch scratch;
    private int lastLossCount;
    private int lastRows;

    /** A workspace for batches of up to {@code maxRows} sequences of up to {@code maxSteps} steps. */
    public Bptt(RecurrentNetwork net, int maxRows, int maxSteps) {
        if (maxRows < 1 || maxSteps < 1) {
            throw new IllegalArgumentException("maxRows and maxSteps must be >= 1, got " + maxRows + ", " + maxSteps);
        }
        this.net = net;
        this.maxRows = maxRows;
        this.maxSteps = maxSteps;
        int cellCount = net.layers() * net.directions();
        int s = net.stateSize();
        states = new float[cellCount][];
        caches = new float[cellCount][];
        preGradients = new float[cellCount][];
        for (int l = 0; l < net.layers(); l++) {
            for (int d = 0; d < net.directions(); d++) {
                Cell c = net.cell(l, d);
                int i = l * net.directions() + d;
                states[i] = new float[(maxSteps + 1) * maxRows * s];
                caches[i] = new float[maxSteps * maxRows * c.cacheSize()];
                preGradients[i] = new float[maxSteps * maxRows * c.preGradientSize()];
            }
        }
        outputs = new float[net.layers()][maxSteps * maxRows * net.outputWidth()];
        outputGradients = new float[net.layers()][maxSteps * maxRows * net.outputWidth()];
        stateGradient = new float[maxRows * s];
        previousStateGradient = new float[maxRows * s];
        headOut = new float[net.head().outputSize()];
        headGradient = new float[net.head().outputSize()];
        cellGradients = new CellWeights[cellCount];
        for (int l = 0; l < net.layers(); l++) {
            for (int d = 0; d < net.directions(); d++) {
                cellGradients[l * net.directions() + d] = new CellWeights(net.cell(l, d), false);
            }
        }
        scratch = net.newScratch();
    }

    public RecurrentNetwork network() {
        return net;
    }

    /** Number of targets that contributed to the last call's loss. */
    public int lastLossCount() {
        return lastLossCount;
    }

    /**
     * Element {@code unit} of the top layer's output at step {@code t}, row {@code row}, from the last call
     * ({@code unit < outputWidth}: forward direction first, then reverse).
     */
    public float output(int t, int row, int unit) {
        return outputs[net.layers() - 1][(t * lastRows + row) * net.outputWidth() + unit];
    }

    /**
     * Forward pass only.
     *
     * @return the summed loss over every target of the batch (see {@link #lastLossCount()})
     */
    public double loss(NetworkWeights w, SequenceBatch batch) {
        return run(w, batch, null);
    }

    /**
     * Forward and backward pass: adds d(summed loss)/d(params) into {@code grad} (not cleared, so callers can
     * accumulate; divide by the loss count for a mean).
     *
     * @param w weights with transposed rows, refreshed since the last change of the parameters
     * @return the summed loss
     */
    public double lossAndGradient(NetworkWeights w, SequenceBatch batch, float[] grad) {
        if (grad == null || grad.length != net.parameterCount()) {
            throw new IllegalArgumentException("grad must have " + net.parameterCount() + " floats");
        }
        return run(w, batch, grad);
    }

    private double run(NetworkWeights w, SequenceBatch batch, float[] grad) {
        float[] params = w.parameters();
        check(w, batch);
        int rows = batch.batchSize();
        lastRows = rows;
        int steps = batch.steps();
        int directions = net.directions();
        int width = net.outputWidth();
        int h = net.hiddenSize();
        int s = net.stateSize();
        int top = net.layers() - 1;
        for (int l = 0; l < net.layers(); l++) {
            float[] x = l == 0 ? batch.inputs() : outputs[l - 1];
            int in = net.cell(l, 0).inputSize();
            for (int d = 0; d < directions; d++) {
                Cell cell = net.cell(l, d);
                int ci = l * directions + d;
                float[] st = states[ci];
                float[] cache = caches[ci];
                int c = cell.cacheSize();
                Arrays.fill(st, 0, rows * s, 0f);
                for (int k = 0; k < steps; k++) {
                    int t = d == 0 ? k : steps - 1 - k;
                    cell.forward(w.cell(l, d), rows, x, t * rows * in, st, k * rows * s, st, (k + 1) * rows * s,
                            cache, k * rows * c, scratch);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(st, ((k + 1) * rows + r) * s, outputs[l], (t * rows + r) * width + d * h, h);
                    }
                }
            }
        }
        float[] out = outputs[top];
        float[] targets = batch.targets();
        Head head = net.head();
        float[] dTop = outputGradients[top];
        if (grad != null) {
            Arrays.fill(dTop, 0, steps * rows * width, 0f);
        }
        double loss = 0;
        int count = 0;
        for (int t = batch.burnIn(); t < steps; t++) {
            for (int r = 0; r < rows; r++) {
                float y = targets[t * rows + r];
                if (Float.isNaN(y)) {
                    continue;
                }
                int o = (t * rows + r) * width;
                net.headOutput(params, out, o, headOut, 0);
                loss += head.lossAndGradient(headOut, 0, y, headGradient, 0);
                count++;
                if (grad != null) {
                    net.headBackward(params, grad, out, o, headGradient, 0, dTop, o);
                }
            }
        }
        lastLossCount = count;
        if (grad != null) {
            backward(w, batch, grad);
        }
        return loss;
    }

    private void backward(NetworkWeights w, SequenceBatch batch, float[] grad) {
        int rows = batch.batchSize();
        int steps = batch.steps();
        int directions = net.directions();
        int width = net.outputWidth();
        int h = net.hiddenSize();
        int s = net.stateSize();
        for (int l = net.layers() - 1; l >= 0; l--) {
            float[] x = l == 0 ? batch.inputs() : outputs[l - 1];
            float[] dx = l == 0 ? null : outputGradients[l - 1];
            int in = net.cell(l, 0).inputSize();
            if (dx != null) {
                Arrays.fill(dx, 0, steps * rows * in, 0f);
            }
            for (int d = 0; d < directions; d++) {
                Cell cell = net.cell(l, d);
                int ci = l * directions + d;
                int c = cell.cacheSize();
                int p = cell.preGradientSize();
                float[] dPre = preGradients[ci];
                float[] dsNext = stateGradient;
                float[] dsPrev = previousStateGradient;
                CellWeights weights = w.cell(l, d);
                CellWeights cellGrad = cellGradients[ci];
                cellGrad.clear();
                Arrays.fill(dsNext, 0, rows * s, 0f);
                for (int k = steps - 1; k >= batch.burnIn(); k--) {
                    int t = d == 0 ? k : steps - 1 - k;
                    for (int r = 0; r < rows; r++) {
                        int o = (t * rows + r) * width + d * h;
                        int so = r * s;
                        for (int j = 0; j < h; j++) {
                            dsNext[so + j] += outputGradients[l][o + j];
                        }
                    }
                    cell.backward(weights, rows, states[ci], k * rows * s, caches[ci], k * rows * c,
                            dsNext, 0, dsPrev, 0, dPre, k * rows * p, scratch);
                    if (dx != null) {
                        cell.inputGradient(weights, rows, dPre, k * rows * p, dx, t * rows * in, scratch);
                    }
                    cell.accumulateGradient(cellGrad, rows, x, t * rows * in, states[ci], k * rows * s, dPre,
                            k * rows * p, scratch);
                    float[] swap = dsNext;
                    dsNext = dsPrev;
                    dsPrev = swap;
                }
                cellGrad.addTo(cell, grad);
            }
        }
    }

    private void check(NetworkWeights w, SequenceBatch batch) {
        if (w.network() != net) {
            throw new IllegalArgumentException("weights belong to another network");
        }
        if (batch.features() != net.inputSize()) {
            throw new IllegalArgumentException("batch has " + batch.features() + " features, the network expects "
                    + net.inputSize());
        }
        if (batch.batchSize() > maxRows || batch.steps() > maxSteps) {
            throw new IllegalArgumentException("batch " + batch.batchSize() + " x " + batch.steps()
                    + " steps exceeds this workspace's " + maxRows + " x " + maxSteps);
        }
        if (batch.burnIn() > 0 && net.bidirectional()) {
            throw new IllegalArgumentException("burn-in (truncated BPTT) needs a unidirectional network");
        }
    }
}
