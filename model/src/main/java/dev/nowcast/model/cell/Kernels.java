package dev.nowcast.model.cell;

/**
 * The dense float kernels every layer is built from, written so that C2 vectorises the inner loops.
 *
 * <p>Matrices are row-major blocks inside larger parameter arrays. Every inner loop runs over a contiguous
 * row ({@code y[i] += a * w[i]}, an axpy) rather than reducing a dot product: C2 vectorises the former but not
 * float reductions, whose order Java fixes. The summation order of every kernel is fixed, so results are
 * bit-for-bit reproducible.
 */
public final class Kernels {
    private Kernels() {
    }

    /**
     * {@code y[yOff + i] += sum_j v[vOff + j] * w[wOff + j*n + i]} for {@code j < m, i < n}: the product of
     * the vector {@code v} (length m) with the m x n row-major matrix at {@code wOff}. Four rows per pass halve
     * the loads and stores of {@code y}.
     */
    public static void gemv(float[] w, int wOff, int m, int n, float[] v, int vOff, float[] y, int yOff) {
        int j = 0;
        for (; j + 3 < m; j += 4) {
            float a0 = v[vOff + j];
            float a1 = v[vOff + j + 1];
            float a2 = v[vOff + j + 2];
            float a3 = v[vOff + j + 3];
            int r0 = wOff + j * n;
            int r1 = r0 + n;
            int r2 = r1 + n;
            int r3 = r2 + n;
            for (int i = 0; i < n; i++) {
                y[yOff + i] += a0 * w[r0 + i] + a1 * w[r1 + i] + a2 * w[r2 + i] + a3 * w[r3 + i];
            }
        }
        for (; j < m; j++) {
            axpy(v[vOff + j], w, wOff + j * n, y, yOff, n);
        }
    }

    /** {@code y[yOff + i] += a * x[xOff + i]} for {@code i < n}. */
    public static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    /**
     * Accumulates {@code g[gOff + j*n + i] += sum_r a[aOff + r*aStride + j] * d[dOff + r*dStride + i]} for
     * {@code r < rows, j < m, i < n}: the weight gradient {@code A^T D} of a layer over a block of rows. Rows are
     * added in increasing order, four at a time.
     */
    public static void accumulateOuter(float[] g, int gOff, int m, int n, int rows,
                                       float[] a, int aOff, int aStride, float[] d, int dOff, int dStride) {
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int a0 = aOff + r * aStride;
            int a1 = a0 + aStride;
            int a2 = a1 + aStride;
            int a3 = a2 + aStride;
            int d0 = dOff + r * dStride;
            int d1 = d0 + dStride;
            int d2 = d1 + dStride;
            int d3 = d2 + dStride;
            for (int j = 0; j < m; j++) {
                float x0 = a[a0 + j];
                float x1 = a[a1 + j];
                float x2 = a[a2 + j];
                float x3 = a[a3 + j];
                int row = gOff + j * n;
                for (int i = 0; i < n; i++) {
                    g[row + i] += x0 * d[d0 + i] + x1 * d[d1 + i] + x2 * d[d2 + i] + x3 * d[d3 + i];
                }
            }
        }
        for (; r < rows; r++) {
            int ar = aOff + r * aStride;
            int dr = dOff + r * dStride;
            for (int j = 0; j < m; j++) {
                axpy(a[ar + j], d, dr, g, gOff + j * n, n);
            }
        }
    }

    /** {@code g[gOff + i] += sum_r d[dOff + r*dStride + i]} for {@code r < rows, i < n}: a bias gradient. */
    public static void accumulateRows(float[] g, int gOff, int n, int rows, float[] d, int dOff, int dStride) {
        for (int r = 0; r < rows; r++) {
            int dr = dOff + r * dStride;
            for (int i = 0; i < n; i++) {
                g[gOff + i] += d[dr + i];
            }
        }
    }

    /** Sequential dot product {@code sum_i x[xOff + i] * y[yOff + i]}, accumulated in float in index order. */
    public static float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    /**
     * Writes the transpose of the m x n row-major block at {@code src[srcOff]} into {@code dst[dstOff]} as an
     * n x m row-major block.
     */
    public static void transpose(float[] src, int srcOff, int m, int n, float[] dst, int dstOff) {
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                dst[dstOff + i * m + j] = src[srcOff + j * n + i];
            }
        }
    }
}
