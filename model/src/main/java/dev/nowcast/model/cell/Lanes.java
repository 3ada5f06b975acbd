package dev.nowcast.model.cell;

/**
 * The element-wise loops of the kernels, in their reference form: plain Java, one element at a time, with
 * {@link Math#fma}. {@link VectorLanes} does the same with the Vector API when the JVM has
 * {@code jdk.incubator.vector}; {@link #get()} picks it then.
 *
 * <p>Why both give the same bits: every loop computes each output element from the same index of its inputs with
 * the same sequence of fma, multiply, add, divide, min and max (all exactly rounded, identical in scalar and lane
 * form) and never sums across elements. So neither the lane width nor the path changes a result; {@code
 * LanesTest} proves it bit for bit.
 */
class Lanes {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final Lanes INSTANCE = select();

    // tanh(x) = p(x)/q(x) with the coefficients of Eigen's generic_fast_tanh_float (see Activations).
    static final float CLAMP = 7.90531110763549805f;
    static final float A1 = 4.89352455891786e-03f;
    static final float A3 = 6.37261928875436e-04f;
    static final float A5 = 1.48572235717979e-05f;
    static final float A7 = 5.12229709037114e-08f;
    static final float A9 = -8.60467152213735e-11f;
    static final float A11 = 2.00018790482477e-13f;
    static final float A13 = -2.76076847742355e-16f;
    static final float B0 = 4.89352518554385e-03f;
    static final float B2 = 2.26843463243900e-03f;
    static final float B4 = 1.18534705686654e-04f;
    static final float B6 = 1.19825839466702e-06f;

    Lanes() {
    }

    /** The vector form when the JVM was started with {@code --add-modules jdk.incubator.vector}, else this one. */
    static Lanes get() {
        return INSTANCE;
    }

    private static Lanes select() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return new Lanes();
        }
        try {
            // By name, so that this class links without the module.
            return (Lanes) Class.forName("dev.nowcast.model.cell.VectorLanes").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the Vector API kernels", e);
        }
    }

    /** What runs the kernels, for logs: the Vector API and its lane count, or the scalar fallback. */
    String describe() {
        return "scalar (start the JVM with --add-modules " + VECTOR_MODULE + " for SIMD kernels)";
    }

    /**
     * {@code y[i] = fma(v[vOff + m-1], rows[m-1][i], ... fma(v[vOff], rows[0][i], y[i]))} for {@code i < n}: a
     * matrix-vector product over row form, the rows added in order.
     */
    void gemv(float[][] rows, int m, float[] v, int vOff, float[] y, int n) {
        gemv(rows, m, v, vOff, y, 0, n);
    }

    static void gemv(float[][] rows, int m, float[] v, int vOff, float[] y, int from, int n) {
        for (int j = 0; j < m; j++) {
            axpy(v[vOff + j], rows[j], 0, y, 0, from, n);
        }
    }

    /** {@code y[i] = fma(a3, r3[i], fma(a2, r2[i], fma(a1, r1[i], fma(a0, r0[i], y[i]))))} for {@code i < n}. */
    void axpy4(float a0, float[] r0, float a1, float[] r1, float a2, float[] r2, float a3, float[] r3,
               float[] y, int n) {
        axpy4(a0, r0, a1, r1, a2, r2, a3, r3, y, 0, n);
    }

    static void axpy4(float a0, float[] r0, float a1, float[] r1, float a2, float[] r2, float a3, float[] r3,
                      float[] y, int from, int n) {
        for (int i = from; i < n; i++) {
            y[i] = Math.fma(a3, r3[i], Math.fma(a2, r2[i], Math.fma(a1, r1[i], Math.fma(a0, r0[i], y[i]))));
        }
    }

    /** {@code y[yOff + i] = fma(a, x[xOff + i], y[yOff + i])} for {@code i < n}. */
    void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        axpy(a, x, xOff, y, yOff, 0, n);
    }

    static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int from, int n) {
        for (int i = from; i < n; i++) {
            y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
        }
    }

    /** {@code y[i] = y[i] + (((d0[i] + d1[i]) + d2[i]) + d3[i])} for {@code i < n}. */
    void add4(float[] d0, float[] d1, float[] d2, float[] d3, float[] y, int n) {
        add4(d0, d1, d2, d3, y, 0, n);
    }

    static void add4(float[] d0, float[] d1, float[] d2, float[] d3, float[] y, int from, int n) {
        for (int i = from; i < n; i++) {
            y[i] += d0[i] + d1[i] + d2[i] + d3[i];
        }
    }

    /** {@code a[off + i] = fma(k, tanh(k * a[off + i]), b)} for {@code i < n}: tanh with k=1, b=0, sigmoid with 0.5. */
    void tanh(float[] a, int off, int n, float k, float b) {
        tanh(a, off, n, k, b, 0);
    }

    static void tanh(float[] a, int off, int n, float k, float b, int from) {
        for (int i = from; i < n; i++) {
            a[off + i] = Math.fma(k, tanh(k * a[off + i]), b);
        }
    }

    /**
     * The LSTM's new state from its activated gates {@code g = [i f gg o]} ({@code h} each), unit by unit:
     * {@code c' = f c + i gg} (two products, then their sum) to {@code sNext[no + h + j]}, {@code tanh(c')} to
     * {@code t[j]} and {@code h' = o tanh(c')} to {@code sNext[no + j]}. Each unit reads only its own {@code c}
     * before writing, so {@code sNext} may be {@code sPrev} at the same offset.
     */
    void lstmState(float[] g, float[] sPrev, int so, float[] sNext, int no, float[] t, int h) {
        lstmState(g, sPrev, so, sNext, no, t, h, 0);
    }

    static void lstmState(float[] g, float[] sPrev, int so, float[] sNext, int no, float[] t, int h, int from) {
        for (int j = from; j < h; j++) {
            float c = g[h + j] * sPrev[so + h + j] + g[j] * g[2 * h + j];
            // fma(1, tanh, 0) as Activations.tanh computes it: the same bits (a -0 becomes +0).
            float tc = Math.fma(1f, tanh(c), 0f);
            sNext[no + h + j] = c;
            t[j] = tc;
            sNext[no + j] = g[3 * h + j] * tc;
        }
    }

    /** The rational tanh (see {@link Activations#tanh(float)}); {@link VectorLanes} repeats it lane-wise. */
    static float tanh(float x) {
        float c = Math.max(-CLAMP, Math.min(CLAMP, x));
        float x2 = c * c;
        float p = Math.fma(A13, x2, A11);
        p = Math.fma(p, x2, A9);
        p = Math.fma(p, x2, A7);
        p = Math.fma(p, x2, A5);
        p = Math.fma(p, x2, A3);
        p = Math.fma(p, x2, A1);
        p = p * c;
        float q = Math.fma(B6, x2, B4);
        q = Math.fma(q, x2, B2);
        q = Math.fma(q, x2, B0);
        return p / q;
    }
}
