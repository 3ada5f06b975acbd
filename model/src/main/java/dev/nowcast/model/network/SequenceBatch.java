package dev.nowcast.model.network;

import java.util.Arrays;

/**
 * A minibatch of equal-length sequences in time-major layout, the unit {@link Bptt} works on. The arrays are
 * exposed live (no copies) so a trainer can refill one batch per step without allocating.
 *
 * <ul>
 *   <li>{@link #inputs()}: {@code [steps][batchSize][features]}, element {@code (t, b, f)} at
 *       {@code (t*batchSize + b)*features + f}</li>
 *   <li>{@link #targets()}: {@code [steps][batchSize]}, element {@code (t, b)} at {@code t*batchSize + b};
 *       {@code NaN} means "no loss at this step" (many-to-one classification sets only the last step)</li>
 *   <li>{@link #burnIn()}: the first steps run forward only, from zero state, with no loss and no gradient
 *       flowing back past them (truncated BPTT); targets there are ignored</li>
 * </ul>
 */
public final class SequenceBatch {
    private final int batchSize;
    private final int steps;
    private final int features;
    private final int burnIn;
    private final float[] inputs;
    private final float[] targets;

    public SequenceBatch(int batchSize, int steps, int features, int burnIn) {
        if (batchSize < 1 || steps < 1 || features < 1) {
            throw new IllegalArgumentException("batchSize, steps and features must be >= 1, got "
                    + batchSize + ", " + steps + ", " + features);
        }
        if (burnIn < 0 || burnIn >= steps) {
            throw new IllegalArgumentException("burnIn must be in [0, steps=" + steps + "), got " + burnIn);
        }
        this.batchSize = batchSize;
        this.steps = steps;
        this.features = features;
        this.burnIn = burnIn;
        this.inputs = new float[steps * batchSize * features];
        this.targets = new float[steps * batchSize];
        Arrays.fill(targets, Float.NaN);
    }

    public int batchSize() {
        return batchSize;
    }

    public int steps() {
        return steps;
    }

    public int features() {
        return features;
    }

    public int burnIn() {
        return burnIn;
    }

    /** The live input array (see the class comment for the layout). */
    public float[] inputs() {
        return inputs;
    }

    /** The live target array (see the class comment for the layout). */
    public float[] targets() {
        return targets;
    }

    /** Offset of input row {@code (t, b)} in {@link #inputs()}. */
    public int inputOffset(int t, int b) {
        return (t * batchSize + b) * features;
    }

    /** Number of targets that carry a loss (non-NaN, at or after the burn-in). */
    public int lossCount() {
        int n = 0;
        for (int i = burnIn * batchSize; i < targets.length; i++) {
            if (!Float.isNaN(targets[i])) {
                n++;
            }
        }
        return n;
    }
}
