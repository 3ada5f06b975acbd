package dev.nowcast.model.cell;

/**
 * Zero-offset scratch vectors for {@link Cell} calls (see {@link CellWeights} for why vectors start at index 0).
 * One per thread; sized for the largest cell of a network.
 */
public final class CellScratch {
    final float[] gi;
    final float[] gh;
    final float[] dh;
    final float[] dx;
    final float[] u;
    final float[] v;
    final float[][] di;
    final float[][] dj;
    final float[] xh;

    /** Scratch for cells of at most these gate, input and hidden sizes. */
    public CellScratch(int maxGateSize, int maxInputSize, int maxHiddenSize) {
        gi = new float[maxGateSize];
        gh = new float[maxGateSize];
        dh = new float[maxHiddenSize];
        dx = new float[maxInputSize];
        u = new float[maxHiddenSize];
        v = new float[maxHiddenSize];
        di = new float[4][maxGateSize];
        dj = new float[4][maxGateSize];
        xh = new float[maxInputSize + maxHiddenSize];
    }
}
