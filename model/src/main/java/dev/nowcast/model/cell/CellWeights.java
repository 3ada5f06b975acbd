package dev.nowcast.model.cell;

import java.util.Arrays;

/**
 * One cell's weights unpacked into one array per matrix row, the form the kernels run on. The flat parameter
 * array (see {@link Cell}) stays the canonical copy that optimisers and codecs use; this is a derived copy,
 * refreshed with {@link #load} after every change.
 *
 * <p>Why rows: the scalar fallback of the kernels ({@link Lanes}) relies on C2's auto-vectoriser, which (JDK 17)
 * vectorises a loop only when every array in it is indexed with the same offset, so an axpy
 * {@code g[i] += a * W[j][i]} vectorises when {@code g} and row j are separate arrays starting at 0. The Vector API
 * form ({@link VectorLanes}) runs on the same rows. Gradients use the same form.
 *
 * <p>Not thread-safe to modify; safe to share for reading.
 */
public final class CellWeights {
    final float[][] wx;
    final float[][] wh;
    // The rows of wx then wh (the same arrays, not copies): the fused product of LSTM and Elman runs over both.
    final float[][] wxh;
    final float[] bih;
    final float[] bhh;
    // bih + bhh, which every step of LSTM and Elman starts from (loaded, not part of a gradient).
    final float[] bias;
    final float[][] tx;
    final float[][] th;

    /**
     * Zeroed weights shaped for {@code cell}.
     *
     * @param transposed also hold the transposed rows the backward pass needs
     */
    public CellWeights(Cell cell, boolean transposed) {
        int g = cell.gateSize();
        wx = new float[cell.inputSize()][g];
        wh = new float[cell.hiddenSize()][g];
        wxh = new float[wx.length + wh.length][];
        System.arraycopy(wx, 0, wxh, 0, wx.length);
        System.arraycopy(wh, 0, wxh, wx.length, wh.length);
        bih = new float[g];
        bhh = new float[g];
        bias = new float[g];
        tx = transposed ? new float[g][cell.inputSize()] : null;
        th = transposed ? new float[g][cell.hiddenSize()] : null;
    }

    /** Copies the cell's weights out of the flat parameter array (and refreshes the transposed rows). */
    public void load(Cell cell, float[] params) {
        int g = cell.gateSize();
        for (int j = 0; j < wx.length; j++) {
            System.arraycopy(params, cell.wxhOffset() + j * g, wx[j], 0, g);
        }
        for (int j = 0; j < wh.length; j++) {
            System.arraycopy(params, cell.whhOffset() + j * g, wh[j], 0, g);
        }
        System.arraycopy(params, cell.bihOffset(), bih, 0, g);
        System.arraycopy(params, cell.bhhOffset(), bhh, 0, g);
        for (int i = 0; i < g; i++) {
            bias[i] = bih[i] + bhh[i];
        }
        if (tx != null) {
            for (int i = 0; i < g; i++) {
                for (int j = 0; j < wx.length; j++) {
                    tx[i][j] = wx[j][i];
                }
                for (int j = 0; j < wh.length; j++) {
                    th[i][j] = wh[j][i];
                }
            }
        }
    }

    /** Adds these values, read as a gradient, into {@code flat} at the cell's offsets. */
    public void addTo(Cell cell, float[] flat) {
        int g = cell.gateSize();
        for (int j = 0; j < wx.length; j++) {
            add(wx[j], flat, cell.wxhOffset() + j * g);
        }
        for (int j = 0; j < wh.length; j++) {
            add(wh[j], flat, cell.whhOffset() + j * g);
        }
        add(bih, flat, cell.bihOffset());
        add(bhh, flat, cell.bhhOffset());
    }

    /** Sets every value to zero (a gradient accumulator's reset). */
    public void clear() {
        for (float[] r : wx) {
            Arrays.fill(r, 0f);
        }
        for (float[] r : wh) {
            Arrays.fill(r, 0f);
        }
        Arrays.fill(bih, 0f);
        Arrays.fill(bhh, 0f);
    }

    private static void add(float[] src, float[] dst, int off) {
        for (int i = 0; i < src.length; i++) {
            dst[off + i] += src[i];
        }
    }
}
