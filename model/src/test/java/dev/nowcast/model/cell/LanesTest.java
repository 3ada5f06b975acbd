package dev.nowcast.model.cell;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vector API kernels give exactly the scalar fallback's bits, including at tails, NaN and infinities. */
class LanesTest {
    private static final Lanes SCALAR = new Lanes();
    private static final Lanes VECTOR = Lanes.get();
    // Lengths below, at and around the lane counts (4, 8, 16) and the cell sizes used (32, 96, 128), and two that
    // take gemv's blocks of eight vectors with smaller blocks after them (200) or twice (256) at 16 lanes.
    private static final int[] LENGTHS = {1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 96, 127, 128, 131, 200, 256};

    @Test
    void testJvmRunsTheVectorForm() {
        // surefire's argLine adds jdk.incubator.vector; without it every other test here compares scalar to scalar.
        assertThat(VECTOR).isInstanceOf(VectorLanes.class);
        assertThat(Kernels.implementation()).startsWith("Vector API, ");
        assertThat(SCALAR.describe()).contains("--add-modules jdk.incubator.vector");
    }

    @Test
    void axpy4AndAxpyAndAdd4MatchBitForBit() {
        SplittableRandom r = new SplittableRandom(1);
        for (int n : LENGTHS) {
            float[][] rows = {values(r, n), values(r, n), values(r, n), values(r, n)};
            float[] a = values(r, 4);
            float[] y = values(r, n);
            float[] ys = y.clone();
            float[] yv = y.clone();
            SCALAR.axpy4(a[0], rows[0], a[1], rows[1], a[2], rows[2], a[3], rows[3], ys, n);
            VECTOR.axpy4(a[0], rows[0], a[1], rows[1], a[2], rows[2], a[3], rows[3], yv, n);
            assertSameBits(ys, yv);
            assertThat(ys).isNotEqualTo(y);

            float[] x = values(r, n + 5);
            float[] z = values(r, n + 9);
            float[] zs = z.clone();
            float[] zv = z.clone();
            SCALAR.axpy(a[0], x, 5, zs, 9, n);
            VECTOR.axpy(a[0], x, 5, zv, 9, n);
            assertSameBits(zs, zv);

            ys = y.clone();
            yv = y.clone();
            SCALAR.add4(rows[0], rows[1], rows[2], rows[3], ys, n);
            VECTOR.add4(rows[0], rows[1], rows[2], rows[3], yv, n);
            assertSameBits(ys, yv);
        }
    }

    @Test
    void gemvMatchesBitForBitAndRowByRowAxpys() {
        SplittableRandom r = new SplittableRandom(3);
        // Row counts of the cells' products (inputs 1 and 4, hidden 32, an odd one) over every block size. Special
        // values only in y: over 37 rows a NaN or infinity in v or a row would turn every element into NaN.
        for (int m : new int[] {1, 4, 5, 32, 37}) {
            for (int n : LENGTHS) {
                float[][] rows = new float[m][];
                for (int j = 0; j < m; j++) {
                    rows[j] = gaussians(r, n);
                }
                float[] v = gaussians(r, m + 2);
                float[] y = values(r, n);
                float[] ys = y.clone();
                float[] yv = y.clone();
                float[] yr = y.clone();
                SCALAR.gemv(rows, m, v, 2, ys, n);
                VECTOR.gemv(rows, m, v, 2, yv, n);
                for (int j = 0; j < m; j++) {
                    SCALAR.axpy(v[2 + j], rows[j], 0, yr, 0, n);
                }
                assertSameBits(ys, yv);
                assertSameBits(ys, yr);
                assertThat(ys).isNotEqualTo(y);
            }
        }
    }

    @Test
    void dot2IsTwoDotsBitForBit() {
        SplittableRandom r = new SplittableRandom(4);
        for (int n : LENGTHS) {
            float[] x = gaussians(r, 2 * n + 7);
            float[] y = gaussians(r, n + 3);
            float[] out = new float[3];
            Kernels.dot2(x, 7, 7 + n, y, 3, n, out, 1);
            assertThat(Float.floatToRawIntBits(out[1])).isEqualTo(Float.floatToRawIntBits(Kernels.dot(x, 7, y, 3, n)));
            assertThat(Float.floatToRawIntBits(out[2]))
                    .isEqualTo(Float.floatToRawIntBits(Kernels.dot(x, 7 + n, y, 3, n)));
            assertThat(out[0]).isZero();
        }
    }

    @Test
    void activationsMatchBitForBitAndTheScalarFunction() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : LENGTHS) {
            float[] x = values(r, n + 3);
            float[] s = x.clone();
            float[] v = x.clone();
            SCALAR.tanh(s, 3, n, 1f, 0f);
            VECTOR.tanh(v, 3, n, 1f, 0f);
            assertSameBits(s, v);
            for (int i = 3; i < n + 3; i++) {
                assertThat(Float.floatToIntBits(s[i]) == Float.floatToIntBits(Activations.tanh(x[i]))
                        || (x[i] == 0f && s[i] == 0f)).as("tanh %d of %s", i, x[i]).isTrue();
            }
            s = x.clone();
            v = x.clone();
            SCALAR.tanh(s, 2, n, 0.5f, 0.5f);
            VECTOR.tanh(v, 2, n, 0.5f, 0.5f);
            assertSameBits(s, v);
            for (int i = 2; i < n + 2; i++) {
                assertThat(Float.floatToIntBits(s[i])).as("sigmoid %d of %s", i, x[i])
                        .isEqualTo(Float.floatToIntBits(Activations.sigmoid(x[i])));
            }
        }
    }

    @Test
    void lstmStateMatchesBitForBitAndTheStepsItFuses() {
        SplittableRandom r = new SplittableRandom(5);
        for (int h : LENGTHS) {
            float[] g = values(r, 4 * h);
            float[] prev = values(r, 2 * h + 3);
            // Separate arrays, and the next state written over the previous one (as a streaming step does).
            for (boolean inPlace : new boolean[] {false, true}) {
                float[] ns = inPlace ? prev.clone() : values(r, 2 * h + 5);
                float[] nv = ns.clone();
                float[] before = ns.clone();
                float[] ts = new float[h];
                float[] tv = new float[h];
                SCALAR.lstmState(g, inPlace ? ns : prev, 3, ns, inPlace ? 3 : 5, ts, h);
                VECTOR.lstmState(g, inPlace ? nv : prev, 3, nv, inPlace ? 3 : 5, tv, h);
                assertSameBits(ns, nv);
                assertSameBits(ts, tv);

                // What the LSTM computed before: c' for every unit, then a tanh pass over a copy, then h'.
                int no = inPlace ? 3 : 5;
                float[] c = new float[h];
                for (int j = 0; j < h; j++) {
                    c[j] = g[h + j] * prev[3 + h + j] + g[j] * g[2 * h + j];
                }
                float[] tc = c.clone();
                Activations.tanh(tc, 0, h);
                assertSameBits(tc, ts);
                for (int j = 0; j < h; j++) {
                    assertSameBits(new float[] {c[j], g[3 * h + j] * tc[j]}, new float[] {ns[no + h + j], ns[no + j]});
                }
                // Nothing outside [h', c'] is written.
                assertSameBits(Arrays.copyOf(before, no), Arrays.copyOf(ns, no));
                assertSameBits(Arrays.copyOfRange(before, no + 2 * h, before.length),
                        Arrays.copyOfRange(ns, no + 2 * h, ns.length));
            }
        }
    }

    private static float[] gaussians(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (3 * r.nextGaussian());
        }
        return v;
    }

    /** Gaussian values with NaN, infinities, signed zeros, huge and tiny values mixed in. */
    private static float[] values(SplittableRandom r, int n) {
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 1e30f, -1e-30f,
                Float.MIN_VALUE, 7.9f, -8.1f};
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(8) == 0 ? special[r.nextInt(special.length)] : (float) (3 * r.nextGaussian());
        }
        return v;
    }

    private static void assertSameBits(float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToRawIntBits(actual[i])).as("element %d: %s vs %s", i, expected[i], actual[i])
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }
}
