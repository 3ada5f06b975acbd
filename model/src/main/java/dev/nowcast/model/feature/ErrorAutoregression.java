package dev.nowcast.model.feature;

import java.util.Arrays;

/**
 * An autoregression of the base forecast's one-step errors, global to a model: {@code u_t = (y_t - base_t) /
 * scale}, the network's training target, is forecast as {@code a_1 u_(t-1) + ... + a_p u_(t-p)}. Over the last
 * value it is ARIMA(p, 1, 0); over a smoothing, the AR terms ARIMA adds to the exponential smoothing family
 * (a river's months of rise and fall, a population cycle, momentum in a count). The trainer fits it on the training
 * parts when the network adds nothing ({@code meanScale} 0), where a handful of coefficients pass a held-out check
 * that a network's thousands do not.
 *
 * <p>Each series keeps its last {@value #MAX_ORDER} errors, newest first, in the running statistics from
 * {@link FeaturePipeline#AR_ERRORS}; a restart zeroes them with the rest. The errors are clipped as the targets
 * are, so an outlier moves the next forecasts by at most {@code inputClip} scales times a coefficient.
 *
 * <p>The errors are scaled by the series' one-step scale ({@code scaleDecay} 0: snapshots written before the
 * setting) or by a slow scale of their own ({@link FeaturePipeline#AR_SCALE_SQUARE}): the linear relation between
 * a series' successive errors holds in value units, and dividing each by a scale that moves from point to point (a
 * seismograph's burst) breaks it, where a scale that changes over hundreds of points keeps it.
 *
 * @param coefficients {@code a_1 .. a_p}, p at most {@value #MAX_ORDER} (empty: off)
 * @param scaleDecay   decay of the errors' own mean square, in [0, 1) (0: the one-step scale instead)
 */
public record ErrorAutoregression(double[] coefficients, double scaleDecay) {
    /** Highest order, and the errors each series keeps. */
    public static final int MAX_ORDER = 16;
    /** Steps after which {@link #stationary()} asks an unforeseen error's weight to stay below 1. */
    static final int FADE_STEPS = 1000;
    /** No autoregression. */
    public static final ErrorAutoregression NONE = new ErrorAutoregression(new double[0]);

    /** With the one-step scale (snapshots written before {@code scaleDecay}). */
    public ErrorAutoregression(double[] coefficients) {
        this(coefficients, 0);
    }

    public ErrorAutoregression {
        coefficients = coefficients.clone();
        if (!(scaleDecay >= 0 && scaleDecay < 1)) {
            throw new IllegalArgumentException("normalisation.parameters." + FeaturePipeline.ERROR_AR_SCALE_DECAY
                    + " must be in [0, 1), got " + scaleDecay);
        }
        if (coefficients.length > MAX_ORDER) {
            throw new IllegalArgumentException("normalisation.parameters." + FeaturePipeline.ERROR_AR
                    + ": at most " + MAX_ORDER + " coefficients, got " + coefficients.length);
        }
        for (int i = 0; i < coefficients.length; i++) {
            if (!Double.isFinite(coefficients[i])) {
                throw new IllegalArgumentException("normalisation.parameters." + FeaturePipeline.ERROR_AR + (i + 1)
                        + " must be finite, got " + coefficients[i]);
            }
        }
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** p: 0 when off. */
    public int order() {
        return coefficients.length;
    }

    /** The expected next scaled error of a series, from its kept errors. */
    public double expected(double[] stats) {
        double sum = 0;
        for (int i = 0; i < coefficients.length; i++) {
            sum += coefficients[i] * stats[FeaturePipeline.AR_ERRORS + i];
        }
        return sum;
    }

    /** Keeps a scored point's scaled error {@code u} as the newest (a no-op when off, so states stay as before). */
    public void push(double[] stats, float u) {
        if (coefficients.length == 0) {
            return;
        }
        System.arraycopy(stats, FeaturePipeline.AR_ERRORS, stats, FeaturePipeline.AR_ERRORS + 1, MAX_ORDER - 1);
        stats[FeaturePipeline.AR_ERRORS] = u;
    }

    /**
     * The expected scaled errors of the next {@code h} steps into {@code out[0..h)}, each later one from the
     * earlier expectations where its lags are still to come; {@code scratch} holds at least {@code MAX_ORDER + h}.
     */
    public void expectedPath(double[] stats, int h, double[] out, double[] scratch) {
        if (coefficients.length == 0) {
            Arrays.fill(out, 0, h, 0);
            return;
        }
        // scratch[MAX_ORDER - 1 - i] is the i-th newest kept error; scratch[MAX_ORDER + k] the k-th expectation.
        for (int i = 0; i < MAX_ORDER; i++) {
            scratch[MAX_ORDER - 1 - i] = stats[FeaturePipeline.AR_ERRORS + i];
        }
        for (int k = 0; k < h; k++) {
            double sum = 0;
            for (int i = 0; i < coefficients.length; i++) {
                sum += coefficients[i] * scratch[MAX_ORDER + k - 1 - i];
            }
            scratch[MAX_ORDER + k] = sum;
            out[k] = sum;
        }
    }

    /**
     * How much an unforeseen error moves the errors {@code k = 0..n-1} steps later ({@code pi_0 = 1}): the
     * autoregression's moving-average weights, {@code pi_k = a_1 pi_(k-1) + ... + a_p pi_(k-p)}.
     */
    public double[] innovationWeights(int n) {
        return innovationWeights(coefficients, n);
    }

    /** {@link #innovationWeights(int)} of any autoregression's coefficients. */
    static double[] innovationWeights(double[] coefficients, int n) {
        double[] pi = new double[n];
        for (int k = 0; k < n; k++) {
            double sum = k == 0 ? 1 : 0;
            for (int i = 1; i <= Math.min(k, coefficients.length); i++) {
                sum += coefficients[i - 1] * pi[k - i];
            }
            pi[k] = sum;
        }
        return pi;
    }

    /**
     * Whether an unforeseen error fades: its moving-average weights are below 1 for good after
     * {@value #FADE_STEPS} steps. A unit or explosive root never fades (a trend's errors, all of one sign, can fit
     * one), and its expected errors and far variances would grow without bound.
     */
    public boolean stationary() {
        return stationary(coefficients);
    }

    /** {@link #stationary()} of any autoregression's coefficients. */
    static boolean stationary(double[] coefficients) {
        double[] pi = innovationWeights(coefficients, FADE_STEPS + FADE_STEPS / 10);
        for (int k = FADE_STEPS; k < pi.length; k++) {
            if (!(Math.abs(pi[k]) < 1)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorAutoregression e && Arrays.equals(coefficients, e.coefficients)
                && scaleDecay == e.scaleDecay;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(coefficients) + Double.hashCode(scaleDecay);
    }

    @Override
    public String toString() {
        return "error AR" + Arrays.toString(coefficients) + (scaleDecay > 0 ? " at scale decay " + scaleDecay : "");
    }
}
