package dev.nowcast.model.train;

/**
 * Adam (Kingma and Ba, 2015) with bias correction, over a flat parameter array:
 * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr * m_hat / (sqrt(v_hat) + eps)}. Moments are float
 * like the parameters; scalars are double. Not thread-safe.
 */
public final class Adam {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final float[] m;
    private final float[] v;
    private long t;

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public Adam(int parameters) {
        this(parameters, 0.9, 0.999, 1e-8);
    }

    public Adam(int parameters, double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0)) {
            throw new IllegalArgumentException("need 0 <= beta1, beta2 < 1 and eps > 0, got " + beta1 + ", " + beta2
                    + ", " + epsilon);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new float[parameters];
        this.v = new float[parameters];
    }

    /** One update of {@code params} (in place) with gradient {@code grad} and learning rate {@code lr}. */
    public void step(float[] params, float[] grad, double lr) {
        if (params.length != m.length || grad.length != m.length) {
            throw new IllegalArgumentException("expected " + m.length + " parameters and gradients, got "
                    + params.length + " and " + grad.length);
        }
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float a = (float) (lr / c1);
        float s2 = (float) (1 / Math.sqrt(c2));
        float eps = (float) epsilon;
        for (int i = 0; i < params.length; i++) {
            float g = grad[i];
            float mi = b1 * m[i] + (1 - b1) * g;
            float vi = b2 * v[i] + (1 - b2) * g * g;
            m[i] = mi;
            v[i] = vi;
            params[i] -= a * mi / ((float) Math.sqrt(vi) * s2 + eps);
        }
    }

    /** Number of updates made. */
    public long steps() {
        return t;
    }
}
