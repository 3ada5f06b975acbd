package dev.nowcast.model.cell;

/**
 * The dense float kernels the layers are built from.
 *
 * <p>Every inner loop is an axpy over a row ({@code y[i] = fma(a, w[i], y[i])}) rather than a dot-product
 * reduction, so each output element gets the same operations in the same order whatever the SIMD width: the loops
 * run on {@link Lanes}, in Vector API form when the JVM has {@code jdk.incubator.vector} and in scalar form
 * otherwise, with the same bits either way. Matrices are arrays of rows ({@link CellWeights}). The summation order
 * of every kernel is fixed, so results are bit-for-bit reproducible.
 */
public final class Kernels {
    private static final Lanes LANES = Lanes.get();

    private Kernels() {
    }

    /** What runs the kernels: the Vector API with its lane count, or the scalar fallback (for startup logs). */
    public static String implementation() {
        return LANES.describe();
    }

    /** {@code y[i] += sum_{j<m} v[vOff + j] * rows[j][i]} for {@code i < n}, rows added in order with fma. */
    public static void gemv(float[][] rows, int m, float[] v, int vOff, float[] y, int n) {
        LANES.gemv(rows, m, v, vOff, y, n);
    }

    /** {@code y[i] = fma(a, x[i], y[i])} for {@code i < n} (both from index 0). */
    public static void axpy(float a, float[] x, float[] y, int n) {
        LANES.axpy(a, x, 0, y, 0, n);
    }

    /** {@code y[yOff + i] += x[i]} for {@code i < n}. */
    public static void addInto(float[] x, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += x[i];
        }
    }

    /**
     * Rank-one update of a row matrix: {@code rows[j][i] += a[aOff + j] * d[i]} for {@code j < m, i < n}: one
     * sample's contribution to a weight gradient.
     */
    public static void outer(float[][] rows, int m, float[] a, int aOff, float[] d, int n) {
        for (int j = 0; j < m; j++) {
            LANES.axpy(a[aOff + j], d, 0, rows[j], 0, n);
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
            LANES.axpy4(a[aOff + j], d0, a[aOff + aStride + j], d1, a[aOff + 2 * aStride + j], d2,
                    a[aOff + 3 * aStride + j], d3, rows[j], n);
        }
    }

    /** {@code y[i] += d[0][i] + d[1][i] + d[2][i] + d[3][i]} for {@code i < n}: four samples' bias gradients. */
    public static void add4(float[][] d, float[] y, int n) {
        LANES.add4(d[0], d[1], d[2], d[3], y, n);
    }

    /**
     * Dot product {@code sum_i x[xOff + i] * y[yOff + i]} in a fixed order: four running fma sums over the
     * indices modulo 4, added as {@code (s0 + s1) + (s2 + s3)}, then the last {@code n mod 4} terms. Four
     * independent chains instead of one cut the latency of a short product by about four.
     */
    public static float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 = Math.fma(x[xOff + i], y[yOff + i], s0);
            s1 = Math.fma(x[xOff + i + 1], y[yOff + i + 1], s1);
            s2 = Math.fma(x[xOff + i + 2], y[yOff + i + 2], s2);
            s3 = Math.fma(x[xOff + i + 3], y[yOff + i + 3], s3);
        }
        float s = (s0 + s1) + (s2 + s3);
        for (; i < n; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    /**
     * Two dot products against the same vector, {@code dot(x, xOff0, y, yOff, n)} into {@code out[outOff]} and
     * {@code dot(x, xOff1, y, yOff, n)} into {@code out[outOff + 1]}, with {@link #dot}'s bits: the eight chains
     * interleaved keep the fma units busy while each waits on its own latency (a two-output head's whole cost).
     */
    public static void dot2(float[] x, int xOff0, int xOff1, float[] y, int yOff, int n, float[] out, int outOff) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float t0 = 0f;
        float t1 = 0f;
        float t2 = 0f;
        float t3 = 0f;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            float y0 = y[yOff + i];
            float y1 = y[yOff + i + 1];
            float y2 = y[yOff + i + 2];
            float y3 = y[yOff + i + 3];
            s0 = Math.fma(x[xOff0 + i], y0, s0);
            t0 = Math.fma(x[xOff1 + i], y0, t0);
            s1 = Math.fma(x[xOff0 + i + 1], y1, s1);
            t1 = Math.fma(x[xOff1 + i + 1], y1, t1);
            s2 = Math.fma(x[xOff0 + i + 2], y2, s2);
            t2 = Math.fma(x[xOff1 + i + 2], y2, t2);
            s3 = Math.fma(x[xOff0 + i + 3], y3, s3);
            t3 = Math.fma(x[xOff1 + i + 3], y3, t3);
        }
        float s = (s0 + s1) + (s2 + s3);
        float t = (t0 + t1) + (t2 + t3);
        for (; i < n; i++) {
            s = Math.fma(x[xOff0 + i], y[yOff + i], s);
            t = Math.fma(x[xOff1 + i], y[yOff + i], t);
        }
        out[outOff] = s;
        out[outOff + 1] = t;
    }

    /** {@code y[yOff + i] = fma(a, x[xOff + i], y[yOff + i])} for {@code i < n}. */
    public static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        LANES.axpy(a, x, xOff, y, yOff, n);
    }
}
