package dev.nowcast.model.cell;

/**
 * One recurrent layer in one direction: the cell's arithmetic over a block of batch rows, with its weights
 * living at fixed offsets inside a caller-supplied parameter array (so the trainer, the optimiser and the
 * streaming forecaster share one flat {@code float[]} and no weights are copied per call).
 *
 * <h2>Parameter layout (internal)</h2>
 * Starting at {@link #offset()}: {@code Wxh} (the input weights, {@code in x G*H} row-major: row j holds the
 * contributions of input j to every gate unit), then {@code Whh} ({@code H x G*H}), then {@code bih}
 * ({@code G*H}) and {@code bhh} ({@code G*H}). {@code Wxh} and {@code Whh} are the transposes of PyTorch's
 * {@code weight_ih} ({@code [G*H, in]}) and {@code weight_hh} ({@code [G*H, H]}): storing them column-major
 * makes the forward product an axpy over the gate dimension, which vectorises. Gate blocks follow PyTorch's
 * order (LSTM i, f, g, o; GRU r, z, n). The backward pass needs PyTorch's orientation, so training keeps a
 * transposed copy ({@link #transpose}) at {@link #transposedOffset()}: {@code Wxh^T} then {@code Whh^T}.
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
    protected final int txh;
    protected final int thh;

    Cell(CellType type, int inputSize, int hiddenSize, int offset, int transposedOffset) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
        }
        if (hiddenSize <= 0) {
            throw new IllegalArgumentException("hiddenSize must be positive, got " + hiddenSize);
        }
        if (offset < 0 || transposedOffset < 0) {
            throw new IllegalArgumentException("offsets must be non-negative, got " + offset + ", " + transposedOffset);
        }
        this.type = type;
        this.in = inputSize;
        this.hidden = hiddenSize;
        this.gateSize = type.gates() * hiddenSize;
        this.wxh = offset;
        this.whh = wxh + in * gateSize;
        this.bih = whh + hidden * gateSize;
        this.bhh = bih + gateSize;
        this.txh = transposedOffset;
        this.thh = txh + in * gateSize;
    }

    /**
     * Creates the cell of the given type.
     *
     * @param offset           where its parameters start in the parameter array
     * @param transposedOffset where its transposed weights start in the training copy
     */
    public static Cell create(CellType type, int inputSize, int hiddenSize, int offset, int transposedOffset) {
        return switch (type) {
            case ELMAN_TANH, ELMAN_RELU -> new ElmanCell(type, inputSize, hiddenSize, offset, transposedOffset);
            case GRU -> new GruCell(inputSize, hiddenSize, offset, transposedOffset);
            case LSTM -> new LstmCell(inputSize, hiddenSize, offset, transposedOffset);
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

    /** Floats of the transposed weight copy used by backward: {@code G*H*(in + H)}. */
    public int transposedCount() {
        return gateSize * (in + hidden);
    }

    public int offset() {
        return wxh;
    }

    public int transposedOffset() {
        return txh;
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
     * @param w     parameter array
     * @param x     inputs, row r at {@code xOff + r*in}
     * @param sPrev previous states
     * @param sNext next states (may be {@code sPrev} at the same offset)
     * @param cache activations kept for {@link #backward}; also serves as scratch in inference
     */
    public abstract void forward(float[] w, int rows, float[] x, int xOff, float[] sPrev, int sPrevOff,
                                 float[] sNext, int sNextOff, float[] cache, int cacheOff);

    /**
     * Back-propagates one step for {@code rows} samples: from the gradient with respect to the next state
     * ({@code dsNext}, read only) computes the pre-activation gradients ({@code dPre}, overwritten) and the
     * gradient with respect to the previous state ({@code dsPrev}, overwritten).
     *
     * @param wt the transposed weights (see {@link #transpose})
     */
    public abstract void backward(float[] wt, int rows, float[] sPrev, int sPrevOff, float[] cache, int cacheOff,
                                  float[] dsNext, int dsNextOff, float[] dsPrev, int dsPrevOff,
                                  float[] dPre, int dPreOff);

    /** Adds the gradient with respect to the inputs, {@code dx += dgi Wxh^T}, for {@code rows} samples. */
    public void inputGradient(float[] wt, int rows, float[] dPre, int dPreOff, float[] dx, int dxOff) {
        int p = preGradientSize();
        for (int r = 0; r < rows; r++) {
            Kernels.gemv(wt, txh, gateSize, in, dPre, dPreOff + r * p, dx, dxOff + r * in);
        }
    }

    /** Adds {@code dh_prev += dgh Whh^T} for one sample (used by the subclasses' {@link #backward}). */
    protected final void recurrentGradient(float[] wt, float[] dPre, int po, float[] dsPrev, int dp) {
        Kernels.gemv(wt, thh, gateSize, hidden, dPre, po + hiddenGradientOffset(), dsPrev, dp);
    }

    /**
     * Adds this step's weight and bias gradients for {@code rows} samples into {@code grad} (laid out like
     * the parameters): {@code dWxh += x^T dgi, dWhh += h_prev^T dgh, dbih += sum dgi, dbhh += sum dgh}.
     */
    public void accumulateGradient(float[] grad, int rows, float[] x, int xOff, float[] sPrev, int sPrevOff,
                                   float[] dPre, int dPreOff) {
        int p = preGradientSize();
        int gh = dPreOff + hiddenGradientOffset();
        Kernels.accumulateOuter(grad, wxh, in, gateSize, rows, x, xOff, in, dPre, dPreOff, p);
        Kernels.accumulateOuter(grad, whh, hidden, gateSize, rows, sPrev, sPrevOff, stateSize(), dPre, gh, p);
        Kernels.accumulateRows(grad, bih, gateSize, rows, dPre, dPreOff, p);
        Kernels.accumulateRows(grad, bhh, gateSize, rows, dPre, gh, p);
    }

    /** Refreshes the transposed weight copy from the parameters (after every optimiser update). */
    public void transpose(float[] w, float[] wt) {
        Kernels.transpose(w, wxh, in, gateSize, wt, txh);
        Kernels.transpose(w, whh, hidden, gateSize, wt, thh);
    }

    /** Writes {@code bih + bhh + x Wxh + h Whh} for one sample into {@code pre[po .. po+G*H)}. */
    protected final void fusedPreActivation(float[] w, float[] x, int xo, float[] s, int so, float[] pre, int po) {
        for (int i = 0; i < gateSize; i++) {
            pre[po + i] = w[bih + i] + w[bhh + i];
        }
        Kernels.gemv(w, wxh, in, gateSize, x, xo, pre, po);
        Kernels.gemv(w, whh, hidden, gateSize, s, so, pre, po);
    }
}
