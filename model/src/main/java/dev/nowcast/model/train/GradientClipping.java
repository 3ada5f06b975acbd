package dev.nowcast.model.train;

/** Clipping by global norm, as PyTorch's {@code clip_grad_norm_}. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales {@code grad} in place so that its Euclidean norm is at most {@code maxNorm}.
     *
     * @return the norm before clipping (summed in double in index order, so reproducible)
     */
    public static double clipByGlobalNorm(float[] grad, double maxNorm) {
        double sum = 0;
        for (float g : grad) {
            sum += (double) g * g;
        }
        double norm = Math.sqrt(sum);
        if (norm > maxNorm) {
            float k = (float) (maxNorm / (norm + 1e-12));
            for (int i = 0; i < grad.length; i++) {
                grad[i] *= k;
            }
        }
        return norm;
    }
}
