package dev.nowcast.model.cell;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vector API kernels give exactly the scalar fallback's bits, including at tails, NaN and infinities. */
class LanesTest {
    private static final Lanes SCALAR = new Lanes();
    private static final Lanes VECTOR = Lanes.get();
    // Lengths below, at and around the lane counts (4, 8, 16) and the cell sizes used (32, 96, 128).
    private static final int[] LENGTHS = {1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 96, 127, 128, 131};

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
    void activationsMatchBitForBitAndTheScalarFunction() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : LENGTHS) {
            float[] x = values(r, n + 3);
            float[] k = new float[n];
            float[] b = new float[n];
            for (int i = 0; i < n; i++) {
                boolean sigmoid = r.nextBoolean();
                k[i] = sigmoid ? 0.5f : 1f;
                b[i] = sigmoid ? 0.5f : 0f;
            }
            float[] s = x.clone();
            float[] v = x.clone();
            SCALAR.gates(s, k, b, n);
            VECTOR.gates(v, k, b, n);
            assertSameBits(s, v);
            for (int i = 0; i < n; i++) {
                float expected = k[i] == 1f ? Activations.tanh(x[i]) : Activations.sigmoid(x[i]);
                assertThat(Float.floatToIntBits(s[i]) == Float.floatToIntBits(expected)
                        || (x[i] == 0f && s[i] == 0f)).as("gate %d of %s", i, x[i]).isTrue();
            }

            s = x.clone();
            v = x.clone();
            SCALAR.tanh(s, 3, n, 1f, 0f);
            VECTOR.tanh(v, 3, n, 1f, 0f);
            assertSameBits(s, v);
            s = x.clone();
            v = x.clone();
            SCALAR.tanh(s, 2, n, 0.5f, 0.5f);
            VECTOR.tanh(v, 2, n, 0.5f, 0.5f);
            assertSameBits(s, v);
            assertThat(s[2 + n - 1]).isEqualTo(Activations.sigmoid(x[2 + n - 1]));
        }
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
