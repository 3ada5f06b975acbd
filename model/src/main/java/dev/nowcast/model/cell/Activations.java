package dev.nowcast.model.cell;

/**
 * Deterministic float activations that the JIT can vectorise.
 *
 * <p>{@link Math#tanh} and {@link Math#exp} are calls the C2 compiler does not vectorise, and on the gate
 * vectors of a small cell they cost more than the matrix-vector product. {@link #tanh(float)} is instead a
 * rational minimax approximation (odd degree-13 numerator over even degree-6 denominator, the coefficients of
 * Eigen's {@code generic_fast_tanh_float}) evaluated with plain float multiply, add, divide, min and max, so
 * the same input gives the same bits on every JVM and C2 turns the loops into SIMD code. Measured maximum
 * error against {@code Math.tanh} in double over [-12, 12]: 3.5e-7 absolute and relative (a few float ulps);
 * {@code ActivationsTest} enforces 5e-7.
 */
public final class Activations {
    // Past this |x| the float tanh is 1 to within an ulp; the clamp keeps |tanh| <= 1 exactly.
    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private Activations() {
    }

    /** Hyperbolic tangent, error below 5e-7 (see the class comment). NaN propagates. */
    public static float tanh(float x) {
        float c = Math.max(-CLAMP, Math.min(CLAMP, x));
        float x2 = c * c;
        float p = A13;
        p = p * x2 + A11;
        p = p * x2 + A9;
        p = p * x2 + A7;
        p = p * x2 + A5;
        p = p * x2 + A3;
        p = p * x2 + A1;
        p = p * c;
        float q = B6;
        q = q * x2 + B4;
        q = q * x2 + B2;
        q = q * x2 + B0;
        return p / q;
    }

    /** Logistic sigmoid via {@code 0.5 + 0.5 tanh(x/2)}; absolute error below 3e-7. */
    public static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    /** Applies {@link #tanh} to {@code a[off .. off+n)} in place. */
    public static void tanh(float[] a, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) {
            a[i] = tanh(a[i]);
        }
    }

    /** Applies {@link #sigmoid} to {@code a[off .. off+n)} in place. */
    public static void sigmoid(float[] a, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) {
            a[i] = sigmoid(a[i]);
        }
    }

    /**
     * Applies {@code a[i] = scale[i] * tanh(scale[i] * a[i]) + shift[i]} for {@code i < n}: with scale and shift
     * 0.5 that is {@link #sigmoid(float)} (bit for bit), with 1 and 0 {@link #tanh(float)}. One pass over a whole
     * gate vector of mixed sigmoid and tanh gates, instead of one short loop per gate, which C2 runs mostly in its
     * scalar pre- and post-loops.
     */
    public static void gates(float[] a, float[] scale, float[] shift, int n) {
        for (int i = 0; i < n; i++) {
            float k = scale[i];
            a[i] = shift[i] + k * tanh(k * a[i]);
        }
    }

    /** Applies ReLU to {@code a[off .. off+n)} in place. */
    public static void relu(float[] a, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) {
            a[i] = Math.max(0f, a[i]);
        }
    }
}
