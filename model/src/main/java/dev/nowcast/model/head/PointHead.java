package dev.nowcast.model.head;

/** Point head: one output, the prediction itself; the loss is the squared error {@code (out - y)^2}. */
public record PointHead() implements Head {
    @Override
    public int outputSize() {
        return 1;
    }

    @Override
    public double lossAndGradient(float[] out, int off, float target, float[] dOut, int dOff) {
        double e = (double) out[off] - target;
        dOut[dOff] = (float) (2 * e);
        return e * e;
    }
}
