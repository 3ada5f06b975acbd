package dev.nowcast.model.cell;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Lanes} with the Vector API at the machine's preferred width: the same operations per element in the same
 * order, so the same bits; the elements past the last whole vector go through the scalar form. Loaded by name
 * only when {@code jdk.incubator.vector} is present.
 */
final class VectorLanes extends Lanes {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    String describe() {
        return "Vector API, " + S.length() + " float lanes";
    }

    /**
     * Holds a block of {@code y} in registers across all rows, so each element is loaded and stored once instead
     * of once per four rows: for a small cell the loads, stores and loop set-up of row-by-row axpys cost more than
     * the fmas. Blocks of eight, four, two and one vector, then the scalar form for the last elements. Eight is
     * a whole LSTM or GRU gate row of hidden 32 at 16 lanes: the weights are read once, in order (what the
     * prefetchers follow best when they come cold from the last cache level, as they do at a million series), and
     * eight independent fma chains keep both fma ports busy through the fma's four-cycle latency. Each block size
     * is written out: the accumulators must be locals for C2 to keep them in registers (an array of vectors is not).
     */
    @Override
    void gemv(float[][] rows, int m, float[] v, int vOff, float[] y, int n) {
        int l = S.length();
        int i = 0;
        for (; i + 8 * l <= n; i += 8 * l) {
            FloatVector y0 = FloatVector.fromArray(S, y, i);
            FloatVector y1 = FloatVector.fromArray(S, y, i + l);
            FloatVector y2 = FloatVector.fromArray(S, y, i + 2 * l);
            FloatVector y3 = FloatVector.fromArray(S, y, i + 3 * l);
            FloatVector y4 = FloatVector.fromArray(S, y, i + 4 * l);
            FloatVector y5 = FloatVector.fromArray(S, y, i + 5 * l);
            FloatVector y6 = FloatVector.fromArray(S, y, i + 6 * l);
            FloatVector y7 = FloatVector.fromArray(S, y, i + 7 * l);
            for (int j = 0; j < m; j++) {
                float[] r = rows[j];
                FloatVector a = FloatVector.broadcast(S, v[vOff + j]);
                y0 = a.fma(FloatVector.fromArray(S, r, i), y0);
                y1 = a.fma(FloatVector.fromArray(S, r, i + l), y1);
                y2 = a.fma(FloatVector.fromArray(S, r, i + 2 * l), y2);
                y3 = a.fma(FloatVector.fromArray(S, r, i + 3 * l), y3);
                y4 = a.fma(FloatVector.fromArray(S, r, i + 4 * l), y4);
                y5 = a.fma(FloatVector.fromArray(S, r, i + 5 * l), y5);
                y6 = a.fma(FloatVector.fromArray(S, r, i + 6 * l), y6);
                y7 = a.fma(FloatVector.fromArray(S, r, i + 7 * l), y7);
            }
            y0.intoArray(y, i);
            y1.intoArray(y, i + l);
            y2.intoArray(y, i + 2 * l);
            y3.intoArray(y, i + 3 * l);
            y4.intoArray(y, i + 4 * l);
            y5.intoArray(y, i + 5 * l);
            y6.intoArray(y, i + 6 * l);
            y7.intoArray(y, i + 7 * l);
        }
        if (i + 4 * l <= n) {
            FloatVector y0 = FloatVector.fromArray(S, y, i);
            FloatVector y1 = FloatVector.fromArray(S, y, i + l);
            FloatVector y2 = FloatVector.fromArray(S, y, i + 2 * l);
            FloatVector y3 = FloatVector.fromArray(S, y, i + 3 * l);
            for (int j = 0; j < m; j++) {
                float[] r = rows[j];
                FloatVector a = FloatVector.broadcast(S, v[vOff + j]);
                y0 = a.fma(FloatVector.fromArray(S, r, i), y0);
                y1 = a.fma(FloatVector.fromArray(S, r, i + l), y1);
                y2 = a.fma(FloatVector.fromArray(S, r, i + 2 * l), y2);
                y3 = a.fma(FloatVector.fromArray(S, r, i + 3 * l), y3);
            }
            y0.intoArray(y, i);
            y1.intoArray(y, i + l);
            y2.intoArray(y, i + 2 * l);
            y3.intoArray(y, i + 3 * l);
            i += 4 * l;
        }
        if (i + 2 * l <= n) {
            FloatVector y0 = FloatVector.fromArray(S, y, i);
            FloatVector y1 = FloatVector.fromArray(S, y, i + l);
            for (int j = 0; j < m; j++) {
                float[] r = rows[j];
                FloatVector a = FloatVector.broadcast(S, v[vOff + j]);
                y0 = a.fma(FloatVector.fromArray(S, r, i), y0);
                y1 = a.fma(FloatVector.fromArray(S, r, i + l), y1);
            }
            y0.intoArray(y, i);
            y1.intoArray(y, i + l);
            i += 2 * l;
        }
        if (i + l <= n) {
            FloatVector y0 = FloatVector.fromArray(S, y, i);
            for (int j = 0; j < m; j++) {
                y0 = FloatVector.broadcast(S, v[vOff + j]).fma(FloatVector.fromArray(S, rows[j], i), y0);
            }
            y0.intoArray(y, i);
            i += l;
        }
        if (i < n) {
            gemv(rows, m, v, vOff, y, i, n);
        }
    }

    @Override
    void axpy4(float a0, float[] r0, float a1, float[] r1, float a2, float[] r2, float a3, float[] r3,
               float[] y, int n) {
        FloatVector b0 = FloatVector.broadcast(S, a0);
        FloatVector b1 = FloatVector.broadcast(S, a1);
        FloatVector b2 = FloatVector.broadcast(S, a2);
        FloatVector b3 = FloatVector.broadcast(S, a3);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, y, i);
            v = b0.fma(FloatVector.fromArray(S, r0, i), v);
            v = b1.fma(FloatVector.fromArray(S, r1, i), v);
            v = b2.fma(FloatVector.fromArray(S, r2, i), v);
            v = b3.fma(FloatVector.fromArray(S, r3, i), v);
            v.intoArray(y, i);
        }
        axpy4(a0, r0, a1, r1, a2, r2, a3, r3, y, i, n);
    }

    @Override
    void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector av = FloatVector.broadcast(S, a);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            av.fma(FloatVector.fromArray(S, x, xOff + i), FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        axpy(a, x, xOff, y, yOff, i, n);
    }

    @Override
    void add4(float[] d0, float[] d1, float[] d2, float[] d3, float[] y, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, d0, i).add(FloatVector.fromArray(S, d1, i))
                    .add(FloatVector.fromArray(S, d2, i)).add(FloatVector.fromArray(S, d3, i));
            FloatVector.fromArray(S, y, i).add(d).intoArray(y, i);
        }
        add4(d0, d1, d2, d3, y, i, n);
    }

    @Override
    void tanh(float[] a, int off, int n, float k, float b) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, a, off + i).mul(k);
            tanh(x).fma(k, b).intoArray(a, off + i);
        }
        tanh(a, off, n, k, b, i);
    }

    @Override
    void lstmState(float[] g, float[] sPrev, int so, float[] sNext, int no, float[] t, int h) {
        int j = 0;
        for (int end = S.loopBound(h); j < end; j += S.length()) {
            FloatVector c = FloatVector.fromArray(S, g, h + j).mul(FloatVector.fromArray(S, sPrev, so + h + j))
                    .add(FloatVector.fromArray(S, g, j).mul(FloatVector.fromArray(S, g, 2 * h + j)));
            FloatVector tc = tanh(c).fma(1f, 0f);
            c.intoArray(sNext, no + h + j);
            tc.intoArray(t, j);
            FloatVector.fromArray(S, g, 3 * h + j).mul(tc).intoArray(sNext, no + j);
        }
        lstmState(g, sPrev, so, sNext, no, t, h, j);
    }

    /** Lane-wise {@link Lanes#tanh(float)}: min, max, fma, multiply and divide in the same order. */
    private static FloatVector tanh(FloatVector x) {
        FloatVector c = x.min(CLAMP).max(-CLAMP);
        FloatVector x2 = c.mul(c);
        FloatVector p = x2.fma(A13, A11);
        p = p.fma(x2, FloatVector.broadcast(S, A9));
        p = p.fma(x2, FloatVector.broadcast(S, A7));
        p = p.fma(x2, FloatVector.broadcast(S, A5));
        p = p.fma(x2, FloatVector.broadcast(S, A3));
        p = p.fma(x2, FloatVector.broadcast(S, A1));
        p = p.mul(c);
        FloatVector q = x2.fma(B6, B4);
        q = q.fma(x2, FloatVector.broadcast(S, B2));
        q = q.fma(x2, FloatVector.broadcast(S, B0));
        return p.div(q);
    }
}
