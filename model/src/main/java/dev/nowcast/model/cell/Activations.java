package dev.nowcast.model.cell;

/**
 * Deterministic float activations.
 *
 * <p>{@link Math#tanh} and {@link Math#exp} are calls that neither C2 nor the Vector API turns into SIMD code
 * with the same bits on every machine, and on the gate vectors of a small cell they would cost more than the
 * matrix-vector product. {@link #tanh(float)} is instead a rational minimax approximation (odd degree-13
 * numerator over even degree-6 denominator, the coefficients of Eigen's {@code generic_fast_tanh_float})
 * evaluated with fma, multiply, divide, min and max, so the same input gives the same bits on every JVM, in scalar
 * and in lane form (see {@link Lanes}). Measured maximum error against {@code Math.tanh} in double over
 * [-12, 12]: 3.5e-7 absolute and relative (a few float ulps); {@code ActivationsTest} enforces 5e-7. NaN
 * propagates (min and max keep it).
 */
public final class Activations {
    private static final Lanes LANES = Lanes.get();

    private Activations() {
    }

    /** Hyperbolic tangent, error below 5e-7 (see the class comment). NaN propagates. */
    public static float tanh(float x) {
        return Lanes.tanh(x);
    }

    /** Logistic sigmoid via {@code 0.5 + 0.5 tanh(x/2)}; absolute error below 3e-7. */
    public static float sigmoid(float x) {
        return Math.fma(0.5f, Lanes.tanh(0.5f * x), 0.5f);
    }

    /** Applies {@link #tanh} to {@code a[off .. off+n)} in place. */
    public static void tanh(float[] a, int off, int n) {
        LANES.tanh(a, off, n, 1f, 0f);
    }

    /** Applies {@link #sigmoid} to {@code a[off .. off+n)} in place. */
    public static void sigmoid(float[] a, int off, int n) {
        LANES.tanh(a, off, n, 0.5f, 0.5f);
    }

    /**
     * The LSTM's state update from its activated gates {@code g = [i f gg o]}: {@code c' = f c + i gg} and
     * {@code h' = o tanh(c')} into {@code sNext} ({@code [h', c']} at {@code no}; it may be {@code sPrev} at the same
     * offset), {@code tanh(c')} into {@code t[0 .. h)}; the same bits as computing {@code c'}, then
     * {@link #tanh(float[], int, int)} of it, then {@code h'}.
     */
    static void lstmState(float[] g, float[] sPrev, int so, float[] sNext, int no, float[] t, int h) {
        LANES.lstmState(g, sPrev, so, sNext, no, t, h);
    }

    /** Applies ReLU to {@code a[off .. off+n)} in place. */
    public static void relu(float[] a, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) {
            a[i] = Math.max(0f, a[i]);
        }
    }
}
