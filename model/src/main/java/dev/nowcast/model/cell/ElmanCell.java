package dev.nowcast.model.cell;

/**
 * Elman RNN cell, as PyTorch's {@code nn.RNN}: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)} with
 * {@code act} tanh or ReLU. The cache holds {@code h'} (its derivative is a function of it for both).
 */
public final class ElmanCell extends Cell {
    private final boolean relu;

    ElmanCell(CellType type, int inputSize, int hiddenSize, int offset, int transposedOffset) {
        super(type, inputSize, hiddenSize, offset, transposedOffset);
        this.relu = type == CellType.ELMAN_RELU;
    }

    @Override
    public int cacheSize() {
        return hidden;
    }

    @Override
    public int preGradientSize() {
        return hidden;
    }

    @Override
    protected int hiddenGradientOffset() {
        return 0;
    }

    @Override
    public void forward(float[] w, int rows, float[] x, int xOff, float[] sPrev, int sPrevOff,
                        float[] sNext, int sNextOff, float[] cache, int cacheOff) {
        int h = hidden;
        for (int r = 0; r < rows; r++) {
            int co = cacheOff + r * h;
            fusedPreActivation(w, x, xOff + r * in, sPrev, sPrevOff + r * h, cache, co);
            if (relu) {
                Activations.relu(cache, co, h);
            } else {
                Activations.tanh(cache, co, h);
            }
            System.arraycopy(cache, co, sNext, sNextOff + r * h, h);
        }
    }

    @Override
    public void backward(float[] wt, int rows, float[] sPrev, int sPrevOff, float[] cache, int cacheOff,
                         float[] dsNext, int dsNextOff, float[] dsPrev, int dsPrevOff, float[] dPre, int dPreOff) {
        int h = hidden;
        for (int r = 0; r < rows; r++) {
            int co = cacheOff + r * h;
            int dn = dsNextOff + r * h;
            int po = dPreOff + r * h;
            int dp = dsPrevOff + r * h;
            for (int j = 0; j < h; j++) {
                float y = cache[co + j];
                float d = relu ? (y > 0f ? 1f : 0f) : 1f - y * y;
                dPre[po + j] = dsNext[dn + j] * d;
                dsPrev[dp + j] = 0f;
            }
            recurrentGradient(wt, dPre, po, dsPrev, dp);
        }
    }
}
