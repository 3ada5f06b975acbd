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
