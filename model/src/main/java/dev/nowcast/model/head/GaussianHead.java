package dev.nowcast.model.head;

/**
 * Gaussian head: outputs {@code (mu, raw)} give the predictive distribution {@code N(mu, sigma^2)} with
 * {@code sigma = softplus(raw) + minSigma}; the loss is the negative log-likelihood
 * {@code 0.5 ln(2 pi) + ln sigma + (y - mu)^2 / (2 sigma^2)}. The floor keeps the likelihood bounded when a
 * series is locally constant.
 */
public record GaussianHead(double minSigma) implements Head {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    public GaussianHead {
        if (!(minSigma > 0) || Double.isInfinite(minSigma)) {
            throw new IllegalArgumentException("minSigma must be positive and finite, got " + minSigma);
        }
    }

    @Override
    public int outputSize() {
        return 2;
    }

    /** {@code softplus(raw) + minSigma}, computed stably in double. */
    public double sigma(float raw) {
        return softplus(raw) + minSigma;
    }

    /** {@code ln(1 + e^x)} without overflow. */
    public static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    @Override
    public double lossAndGradient(float[] out, int off, float target, float[] dOut, int dOff) {
        double mu = out[off];
        double raw = out[off + 1];
        double sigma = softplus(raw) + minSigma;
        double e = target - mu;
        double inv = 1 / sigma;
        double z2 = e * e * inv * inv;
        double sigmoid = 1 / (1 + Math.exp(-raw));
        dOut[dOff] = (float) (-e * inv * inv);
        dOut[dOff + 1] = (float) ((inv - z2 * inv) * sigmoid);
        return HALF_LOG_TWO_PI + Math.log(sigma) + 0.5 * z2;
    }
}
