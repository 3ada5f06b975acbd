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
    LstmCell(int inputSize, int hiddenSize, int offset) {
        super(CellType.LSTM, inputSize, hiddenSize, offset);
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
    public void forward(CellWeights w, int rows, float[] x, int xOff, float[] sPrev, int sPrevOff,
                        float[] sNext, int sNextOff, float[] cache, int cacheOff, CellScratch s) {
        int h = hidden;
        float[] g = s.gi;
        for (int r = 0; r < rows; r++) {
            int co = cacheOff + r * 5 * h;
            int so = sPrevOff + r * 2 * h;
            int no = sNextOff + r * 2 * h;
            fusedPreActivation(w, x, xOff + r * in, sPrev, so, s);
            // i and f, then g, then o: scalar constants rather than per-unit tables, less memory to fetch per step.
            Activations.sigmoid(g, 0, 2 * h);
            Activations.tanh(g, 2 * h, h);
            Activations.sigmoid(g, 3 * h, h);
            if (cache != null) {
                System.arraycopy(g, 0, cache, co, gateSize);
            }
            // c' and h' straight into the next state, tanh(c') to v for the cache; one pass over the units.
            Activations.lstmState(g, sPrev, so, sNext, no, s.v, h);
            if (cache != null) {
                System.arraycopy(s.v, 0, cache, co + 4 * h, h);
            }
        }
    }

    @Override
    public void backward(CellWeights w, int rows, float[] sPrev, int sPrevOff, float[] cache, int cacheOff,
                         float[] dsNext, int dsNextOff, float[] dsPrev, int dsPrevOff, float[] dPre, int dPreOff,
                         CellScratch s) {
        int h = hidden;
        for (int r = 0; r < rows; r++) {
            int co = cacheOff + r * 5 * h;
            int so = sPrevOff + r * 2 * h;
            int dn = dsNextOff + r * 2 * h;
            int dp = dsPrevOff + r * 2 * h;
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
            }
            recurrentGradient(w, dPre, po, s);
            System.arraycopy(s.dh, 0, dsPrev, dp, h);
        }
    }
}
