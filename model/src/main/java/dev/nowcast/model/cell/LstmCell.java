package dev.nowcast.model.cell;

/**
 * LSTM cell with PyTorch's equations and gate order (i, f, g, o), two bias vectors:
 * <pre>
 * i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)     f = sigmoid(W_if x + b_if + W_hf h + b_hf)
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg)        o = sigmoid(W_io x + b_io + W_ho h + b_ho)
 * c' = f * c + i * g                              h' = o * tanh(c')
 * </pre>
 * State row: {@code [h (H), c (H)]}. Cache row: {@code [i, f, g, o, tanh(c')]} (5H).
 */
public final class LstmCell extends Cell {
    LstmCell(int inputSize, int hiddenSize, int offset, int transposedOffset) {
        super(CellType.LSTM, inputSize, hiddenSize, offset, transposedOffset);
    }

    @Override
    public int cacheSize() {
        return 5 * hidden;
    }

    @Override
    public int preGradientSize() {
        return gateSize;
    }

    @Override
    protected int hiddenGradientOffset() {
        return 0;
    }

    @Override
    public void forward(float[] w, int rows, float[] x, int xOff, float[] sPrev, int sPrevOff,
                        float[] sNext, int sNextOff, float[] cache, int cacheOff) {
        int h = hidden;
        int s = 2 * h;
        int c = 5 * h;
        for (int r = 0; r < rows; r++) {
            int co = cacheOff + r * c;
            int so = sPrevOff + r * s;
            int no = sNextOff + r * s;
            fusedPreActivation(w, x, xOff + r * in, sPrev, so, cache, co);
            Activations.sigmoid(cache, co, 2 * h);
            Activations.tanh(cache, co + 2 * h, h);
            Activations.sigmoid(cache, co + 3 * h, h);
            for (int j = 0; j < h; j++) {
                float cell = cache[co + h + j] * sPrev[so + h + j] + cache[co + j] * cache[co + 2 * h + j];
                float tc = Activations.tanh(cell);
                cache[co + 4 * h + j] = tc;
                sNext[no + h + j] = cell;
                sNext[no + j] = cache[co + 3 * h + j] * tc;
            }
        }
    }

    @Override
    public void backward(float[] wt, int rows, float[] sPrev, int sPrevOff, float[] cache, int cacheOff,
                         float[] dsNext, int dsNextOff, float[] dsPrev, int dsPrevOff, float[] dPre, int dPreOff) {
        int h = hidden;
        int s = 2 * h;
        for (int r = 0; r < rows; r++) {
            int co = cacheOff + r * 5 * h;
            int so = sPrevOff + r * s;
            int dn = dsNextOff + r * s;
            int dp = dsPrevOff + r * s;
            int po = dPreOff + r * gateSize;
            for (int j = 0; j < h; j++) {
                float ig = cache[co + j];
                float fg = cache[co + h + j];
                float gg = cache[co + 2 * h + j];
                float og = cache[co + 3 * h + j];
                float tc = cache[co + 4 * h + j];
                float dh = dsNext[dn + j];
                float dc = dsNext[dn + h + j] + dh * og * (1f - tc * tc);
                dPre[po + j] = dc * gg * ig * (1f - ig);
                dPre[po + h + j] = dc * sPrev[so + h + j] * fg * (1f - fg);
                dPre[po + 2 * h + j] = dc * ig * (1f - gg * gg);
                dPre[po + 3 * h + j] = dh * tc * og * (1f - og);
                dsPrev[dp + h + j] = dc * fg;
                dsPrev[dp + j] = 0f;
            }
            recurrentGradient(wt, dPre, po, dsPrev, dp);
        }
    }
}
