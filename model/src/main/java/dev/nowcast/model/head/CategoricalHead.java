package dev.nowcast.model.head;

/**
 * Categorical head for sequence classification: the outputs are logits of {@code classes} classes,
 * {@code p = softmax(out)}, and the loss is the cross-entropy {@code -ln p[target]} (computed with the
 * log-sum-exp shift, so large logits do not overflow). The target is the class index.
 */
public record CategoricalHead(int classes) implements Head {
    public CategoricalHead {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
    }

    @Override
    public int outputSize() {
        return classes;
    }

    @Override
    public double lossAndGradient(float[] out, int off, float target, float[] dOut, int dOff) {
        int label = (int) target;
        if (label != target || label < 0 || label >= classes) {
            throw new IllegalArgumentException("target must be a class index in [0, " + classes + "), got " + target);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, out[off + k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(out[off + k] - max);
        }
        double logSum = Math.log(sum);
        for (int k = 0; k < classes; k++) {
            double p = Math.exp(out[off + k] - max - logSum);
            dOut[dOff + k] = (float) (k == label ? p - 1 : p);
        }
        return logSum + max - out[off + label];
    }

    /** Index of the largest logit at {@code out[off ..]} (the predicted class; ties go to the lowest index). */
    public int predict(float[] out, int off) {
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (out[off + k] > out[off + best]) {
                best = k;
            }
        }
        return best;
    }
}
