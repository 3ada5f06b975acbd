package dev.nowcast.model.cell;

import java.util.Arrays;

/**
 * One recurrent layer in one direction: the cell's arithmetic over a block of batch rows. The cell itself holds
 * only shapes and the offsets of its weights in a network's flat parameter array; the kernels run on a
 * {@link CellWeights} copy of them in row form.
 *
 * <h2>Flat parameter layout</h2>
 * Starting at {@link #offset()}: {@code Wxh} (the input weights, {@code in x G*H} row-major: row j holds the
 * contributions of input j to every gate unit), then {@code Whh} ({@code H x G*H}), then {@code bih}
 * ({@code G*H}) and {@code bhh} ({@code G*H}). {@code Wxh} and {@code Whh} are the transposes of PyTorch's
 * {@code weight_ih} ({@code [G*H, in]}) and {@code weight_hh} ({@code [G*H, H]}): stored this way the forward
 * product is a sequence of axpys over the gate dimension, which vectorises. Gate blocks follow PyTorch's order
 * (LSTM i, f, g, o; GRU r, z, n). The backward pass uses PyTorch's orientation, kept as transposed rows in
 * {@link CellWeights}.
 *
 * <h2>Row blocks</h2>
 * Methods work on {@code rows} consecutive samples: row r of the input starts at {@code xOff + r*in}, of a
 * state at {@code off + r*}{@link #stateSize()}, of the activation cache at {@code off + r*}{@link #cacheSize()},
 * of the pre-activation gradients at {@code off + r*}{@link #preGradientSize()}. {@link #forward} may write the
 * next state over the previous one (same array and offset): each unit reads only its own previous entry after
 * the matrix products are done.
 */
public abstract sealed class Cell permits ElmanCell, GruCell, LstmCell {
    protected final CellType type;
    protected final int in;
    protected final int hidden;
    protected final int gateSize;
    protected final int wxh;
    protected final int whh;
    protected final int bih;
    protected final int bhh;

    Cell(CellType type, int inputSize, int hiddenSize, int offset) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
        }
        if (hiddenSize <= 0) {
            throw new IllegalArgumentException("hiddenSize must be positive, got " + hiddenSize);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be non-negative, got " + offset);
        }
        this.type = type;
        this.in = inputSize;
        this.hidden = hiddenSize;
        this.gateSize = type.gates() * hiddenSize;
        this.wxh = offset;
        this.whh = wxh + in * gateSize;
        this.bih = whh + hidden * gateSize;
        this.bhh = bih + gateSize;
    }

    /**
     * Creates the cell of the given type.
     *
     * @param offset where its parameters start in the flat parameter array
     */
    public static Cell create(CellType type, int inputSize, int hiddenSize, int offset) {
        return switch (type) {
            case ELMAN_TANH, ELMAN_RELU -> new ElmanCell(type, inputSize, hiddenSize, offset);
            case GRU -> new GruCell(inputSize, hiddenSize, offset);
            case LSTM -> new LstmCell(inputSize, hiddenSize, offset);
        };
    }

    public CellType type() {
        return type;
    }

    public int inputSize() {
        return in;
    }

    public int hiddenSize() {
        return hidden;
    }

    /** G*H: the width of the fused gate vector. */
    public int gateSize() {
        return gateSize;
    }

    /** Floats of parameters: {@code G*H*(in + H) + 2*G*H}. */
    public int parameterCount() {
        return gateSize * (in + hidden) + 2 * gateSize;
    }

    public int offset() {
        return wxh;
    }

    /** Offset of {@code Wxh} ({@code in x G*H}). */
    public int wxhOffset() {
        return wxh;
    }

    /** Offset of {@code Whh} ({@code H x G*H}). */
    public int whhOffset() {
        return whh;
    }

    /** Offset of {@code bih} ({@code G*H}). */
    public int bihOffset() {
        return bih;
    }

    /** Offset of {@code bhh} ({@code G*H}). */
    public int bhhOffset() {
        return bhh;
    }

    /** Floats of one sample's state: H, or 2H for LSTM ({@code h} then {@code c}). */
    public int stateSize() {
        return type.stateSize(hidden);
    }

    /** Floats of one sample's activation cache that {@link #backward} reads. */
    public abstract int cacheSize();

    /** Floats of one sample's pre-activation gradients ({@code dgi}, then {@code dgh} where they differ). */
    public abstract int preGradientSize();

    /** Where {@code dgh} (the gradient of the hidden-side pre-activations) starts in a pre-gradient row. */
    protected abstract int hiddenGradientOffset();

    /**
     * Advances {@code rows} samples by one step.
     *
     * @param x     inputs, row r at {@code xOff + r*in}
     * @param sPrev previous states
     * @param sNext next states (may be {@code sPrev} at the same offset)
     * @param cache activations kept for {@link #backward}, or null when there is no backward pass (a streaming
     *              step: not writing them keeps the step's memory traffic to the weights and the state)
     */
    public abstract void forward(CellWeights w, int rows, float[] x, int xOff, float[] sPrev, int sPrevOff,
                                 float[] sNext, int sNextOff, float[] cache, int cacheOff, CellScratch s);

    /**
     * Back-propagates one step for {@code rows} samples: from the gradient with respect to the next state
     * ({@code dsNext}, read only) computes the pre-activation gradients ({@code dPre}, overwritten) and the
     * gradient with respect to the previous state ({@code dsPrev}, overwritten).
     *
     * @param w weights holding transposed rows
     */
    public abstract void backward(CellWeights w, int rows, float[] sPrev, int sPrevOff, float[] cache, int cacheOff,
                                  float[] dsNext, int dsNextOff, float[] dsPrev, int dsPrevOff,
                                  float[] dPre, int dPreOff, CellScratch s);

    /** Adds the gradient with respect to the inputs, {@code dx += dgi Wxh^T}, for {@code rows} samples. */
    public void inputGradient(CellWeights w, int rows, float[] dPre, int dPreOff, float[] dx, int dxOff,
                              CellScratch s) {
        int p = preGradientSize();
        for (int r = 0; r < rows; r++) {
            Arrays.fill(s.dx, 0, in, 0f);
            Kernels.gemv(w.tx, gateSize, dPre, dPreOff + r * p, s.dx, in);
            Kernels.addInto(s.dx, dx, dxOff + r * in, in);
        }
    }

    /** Writes {@code dhPrev = dgh Whh^T} for one sample into {@code s.dh} (used by {@link #backward}). */
    protected final void recurrentGradient(CellWeights w, float[] dPre, int po, CellScratch s) {
        Arrays.fill(s.dh, 0, hidden, 0f);
        Kernels.gemv(w.th, gateSize, dPre, po + hiddenGradientOffset(), s.dh, hidden);
    }

    /**
     * Adds this step's weight and bias gradients for {@code rows} samples into {@code grad}:
     * {@code dWxh += x^T dgi, dWhh += h_prev^T dgh, dbih += sum dgi, dbhh += sum dgh}, four samples at a time.
     */
    public void accumulateGradient(CellWeights grad, int rows, float[] x, int xOff, float[] sPrev, int sPrevOff,
                                   float[] dPre, int dPreOff, CellScratch s) {
        int p = preGradientSize();
        int ghOff = hiddenGradientOffset();
        int st = stateSize();
        // LSTM and Elman have one pre-activation gradient for both sides; GRU has two.
        float[][] dh4 = ghOff == 0 ? s.di : s.dj;
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            for (int k = 0; k < 4; k++) {
                int po = dPreOff + (r + k) * p;
                System.arraycopy(dPre, po, s.di[k], 0, gateSize);
                if (ghOff != 0) {
                    System.arraycopy(dPre, po + ghOff, s.dj[k], 0, gateSize);
                }
            }
            Kernels.outer4(grad.wx, in, x, xOff + r * in, in, s.di, gateSize);
            Kernels.outer4(grad.wh, hidden, sPrev, sPrevOff + r * st, st, dh4, gateSize);
            Kernels.add4(s.di, grad.bih, gateSize);
            Kernels.add4(dh4, grad.bhh, gateSize);
        }
        for (; r < rows; r++) {
            int po = dPreOff + r * p;
            float[] dgi = s.di[0];
            float[] dgh = dh4[0];
            System.arraycopy(dPre, po, dgi, 0, gateSize);
            if (ghOff != 0) {
                System.arraycopy(dPre, po + ghOff, dgh, 0, gateSize);
            }
            Kernels.outer(grad.wx, in, x, xOff + r * in, dgi, gateSize);
            Kernels.outer(grad.wh, hidden, sPrev, sPrevOff + r * st, dgh, gateSize);
            Kernels.axpy(1f, dgi, grad.bih, gateSize);
            Kernels.axpy(1f, dgh, grad.bhh, gateSize);
        }
    }

    /**
     * Writes {@code bih + bhh + x Wxh + h Whh} for one sample into {@code s.gi[0 .. G*H)}, as one product of
     * {@code [x h]} with {@code [Wxh; Whh]} (the same rows in the same order, so the same bits as two): one loop
     * over the weights instead of two, less kernel code for a step with cold caches to fetch.
     */
    protected final void fusedPreActivation(CellWeights w, float[] x, int xo, float[] st, int so, CellScratch s) {
        float[] pre = s.gi;
        float[] xh = s.xh;
        System.arraycopy(x, xo, xh, 0, in);
        System.arraycopy(st, so, xh, in, hidden);
        System.arraycopy(w.bias, 0, pre, 0, gateSize);
        Kernels.gemv(w.wxh, in + hidden, xh, 0, pre, gateSize);
    }
}
