package dev.nowcast.model.cell;

/**
 * GRU cell with PyTorch's equations and gate order (r, z, n); the reset gate multiplies the hidden-side
 * candidate including its bias:
 * <pre>
 * r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)     z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r * (W_hn h + b_hn))  h' = (1 - z) * n + z * h
 * </pre>
 * Because of {@code r * (W_hn h + b_hn)} the input-side and hidden-side products are kept apart. Cache row:
 * {@code [r, z, n, W_hr h + b_hr, W_hz h + b_hz, W_hn h + b_hn]} (6H). Pre-gradient row:
 * {@code [dgi (3H), dgh (3H)]}.
 */
public final class GruCell extends Cell {
    GruCell(int inputSize, int hiddenSize, int offset) {
        super(CellType.GRU, inputSize, hiddenSize, offset);
    }

    @Override
    public int cacheSize() {
        return 2 * gateSize;
    }

    @Override
    public int preGradientSize() {
        return 2 * gateSize;
    }

    @Override
    protected int hiddenGradientOffset() {
        return gateSize;
    }

    @Override
    public void forward(CellWeights w, int rows, float[] x, int xOff, float[] sPrev, int sPrevOff,
                        float[] sNext, int sNextOff, float[] cache, int cacheOff, CellScratch s) {
        int h = hidden;
        int g = gateSize;
        float[] gi = s.gi;
        float[] gh = s.gh;
        for (int r = 0; r < rows; r++) {
            int co = cacheOff + r * 2 * g;
            int so = sPrevOff + r * h;
            int no = sNextOff + r * h;
            System.arraycopy(w.bih, 0, gi, 0, g);
            System.arraycopy(w.bhh, 0, gh, 0, g);
            Kernels.gemv(w.wx, in, x, xOff + r * in, gi, g);
            Kernels.gemv(w.wh, h, sPrev, so, gh, g);
            for (int j = 0; j < 2 * h; j++) {
                gi[j] += gh[j];
            }
            Activations.sigmoid(gi, 0, 2 * h);
            // The candidate's pre-activation goes to a zero-offset vector (see CellWeights on offsets).
            float[] n = s.u;
            for (int j = 0; j < h; j++) {
                n[j] = gi[2 * h + j] + gi[j] * gh[2 * h + j];
            }
            Activations.tanh(n, 0, h);
            System.arraycopy(n, 0, gi, 2 * h, h);
            for (int j = 0; j < h; j++) {
                float z = gi[h + j];
                sNext[no + j] = (1f - z) * n[j] + z * sPrev[so + j];
            }
            if (cache != null) {
                System.arraycopy(gi, 0, cache, co, g);
                System.arraycopy(gh, 0, cache, co + g, g);
            }
        }
    }

    @Override
    public void backward(CellWeights w, int rows, float[] sPrev, int sPrevOff, float[] cache, int cacheOff,
                         float[] dsNext, int dsNextOff, float[] dsPrev, int dsPrevOff, float[] dPre, int dPreOff,
                         CellScratch s) {
        int h = hidden;
        int g = gateSize;
        for (int r = 0; r < rows; r++) {
            int co = cacheOff + r * 2 * g;
            int so = sPrevOff + r * h;
            int dn = dsNextOff + r * h;
            int dp = dsPrevOff + r * h;
            int po = dPreOff + r * 2 * g;
            for (int j = 0; j < h; j++) {
                float rg = cache[co + j];
                float zg = cache[co + h + j];
                float ng = cache[co + 2 * h + j];
                float hn = cache[co + g + 2 * h + j];
                float dh = dsNext[dn + j];
                float dnPre = dh * (1f - zg) * (1f - ng * ng);
                float drPre = dnPre * hn * rg * (1f - rg);
                float dzPre = dh * (sPrev[so + j] - ng) * zg * (1f - zg);
                dPre[po + j] = drPre;
                dPre[po + h + j] = dzPre;
                dPre[po + 2 * h + j] = dnPre;
                dPre[po + g + j] = drPre;
                dPre[po + g + h + j] = dzPre;
                dPre[po + g + 2 * h + j] = dnPre * rg;
            }
            recurrentGradient(w, dPre, po, s);
            for (int j = 0; j < h; j++) {
                dsPrev[dp + j] = dsNext[dn + j] * cache[co + h + j] + s.dh[j];
            }
        }
    }
}
