package dev.nowcast.model.cell;

/**
 * Elman RNN cell, as PyTorch's {@code nn.RNN}: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)} with
 * {@code act} tanh or ReLU. The cache holds {@code h'} (its derivative is a function of it for both).
 */
public final class ElmanCell extends Cell {
    private final boolean relu;

    ElmanCell(CellType type, int inputSize, int hiddenSize, int offset) {
        super(type, inputSize, hiddenSize, offset);
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
    public void forward(CellWeights w, int rows, float[] x, int xOff, float[] sPrev, int sPrevOff,
                        float[] sNext, int sNextOff, float[] cache, int cacheOff, CellScratch s) {
        int h = hidden;
        for (int r = 0; r < rows; r++) {
            fusedPreActivation(w, x, xOff + r * in, sPrev, sPrevOff + r * h, s);
            if (relu) {
                Activations.relu(s.gi, 0, h);
            } else {
                Activations.tanh(s.gi, 0, h);
            }
            if (cache != null) {
                System.arraycopy(s.gi, 0, cache, cacheOff + r * h, h);
            }
            System.arraycopy(s.gi, 0, sNext, sNextOff + r * h, h);
        }
    }

    @Override
    public void backward(CellWeights w, int rows, float[] sPrev, int sPrevOff, float[] cache, int cacheOff,
                         float[] dsNext, int dsNextOff, float[] dsPrev, int dsPrevOff, float[] dPre, int dPreOff,
                         CellScratch s) {
        int h = hidden;
        for (int r = 0; r < rows; r++) {
            int co = cacheOff + r * h;
            int dn = dsNextOff + r * h;
            int po = dPreOff + r * h;
            for (int j = 0; j < h; j++) {
                float y = cache[co + j];
                float d = relu ? (y > 0f ? 1f : 0f) : 1f - y * y;
                dPre[po + j] = dsNext[dn + j] * d;
            }
            recurrentGradient(w, dPre, po, s);
            System.arraycopy(s.dh, 0, dsPrev, dsPrevOff + r * h, h);
        }
    }
}
