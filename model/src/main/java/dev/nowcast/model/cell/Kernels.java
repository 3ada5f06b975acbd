package dev.nowcast.model.cell;

/**
 * The dense float kernels the layers are built from, written so that C2 vectorises the inner loops.
 *
 * <p>Every inner loop is an axpy over a row ({@code y[i] += a * w[i]}) rather than a dot-product reduction,
 * which C2 does not vectorise for floats, and every array in it is indexed from 0 with the same index: JDK 17's
 * superword pass gives up on loops whose arrays are indexed with different offsets. Matrices are therefore
 * arrays of rows ({@link CellWeights}) and outputs are zero-offset scratch arrays. The summation order of every
 * kernel is fixed, so results are bit-for-bit reproducible.
 */
public final class Kernels {
    private Kernels() {
    }

    /**
     * {@code y[i] += sum_{j<m} v[vOff + j] * rows[j][i]} for {@code i < n}. Four rows per pass cut the loads and
     * stores of {@code y} by four.
     */
    public static void gemv(float[][] rows, int m, float[] v, int vOff, float[] y, int n) {
        int j = 0;
        for (; j + 3 < m; j += 4) {
            float a0 = v[vOff + j];
            float a1 = v[vOff + j + 1];
            float a2 = v[vOff + j + 2];
            float a3 = v[vOff + j + 3];
            float[] r0 = rows[j];
            float[] r1 = rows[j + 1];
            float[] r2 = rows[j + 2];
            float[] r3 = rows[j + 3];
            for (int i = 0; i < n; i++) {
                y[i] += a0 * r0[i] + a1 * r1[i] + a2 * r2[i] + a3 * r3[i];
            }
        }
        for (; j < m; j++) {
            axpy(v[vOff + j], rows[j], y, n);
        }
    }

    /** {@code y[i] += a * x[i]} for {@code i < n} (both from index 0). */
    public static void axpy(float a, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += a * x[i];
        }
    }

    /** {@code y[yOff + i] += x[i]} for {@code i < n}. */
    public static void addInto(float[] x, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += x[i];
        }
    }

    /**
     * Rank-one update of a row matrix: {@code rows[j][i] += a[aOff + j] * d[i]} for {@code j < m, i < n}: one
     * sample's contribution to a weight gradient ({@code d} a zero-offset copy of its pre-activation gradient).
     */
    public static void outer(float[][] rows, int m, float[] a, int aOff, float[] d, int n) {
        for (int j = 0; j < m; j++) {
            axpy(a[aOff + j], d, rows[j], n);
        }
    }

    /**
     * Rank-four update of a row matrix: {@code rows[j][i] += sum_{k<4} a[aOff + k*aStride + j] * d[k][i]} for
     * {@code j < m, i < n}: four samples' contributions to a weight gradient at once, which quarters the loads
     * and stores of the gradient rows.
     */
    public static void outer4(float[][] rows, int m, float[] a, int aOff, int aStride, float[][] d, int n) {
        float[] d0 = d[0];
        float[] d1 = d[1];
        float[] d2 = d[2];
        float[] d3 = d[3];
        for (int j = 0; j < m; j++) {
            float x0 = a[aOff + j];
            float x1 = a[aOff + aStride + j];
            float x2 = a[aOff + 2 * aStride + j];
            float x3 = a[aOff + 3 * aStride + j];
            float[] g = rows[j];
            for (int i = 0; i < n; i++) {
                g[i] += x0 * d0[i] + x1 * d1[i] + x2 * d2[i] + x3 * d3[i];
            }
        }
    }

    /** {@code y[i] += d[0][i] + d[1][i] + d[2][i] + d[3][i]} for {@code i < n}: four samples' bias gradients. */
    public static void add4(float[][] d, float[] y, int n) {
        float[] d0 = d[0];
        float[] d1 = d[1];
        float[] d2 = d[2];
        float[] d3 = d[3];
        for (int i = 0; i < n; i++) {
            y[i] += d0[i] + d1[i] + d2[i] + d3[i];
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

    /** {@code y[yOff + i] += a * x[xOff + i]} for {@code i < n} (scalar when the offsets differ; small vectors). */
    public static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }
}
