package dev.nowcast.model.feature;

import java.util.Arrays;

/**
 * A second forecaster mixed into the model's forecasts: an autoregression of the series' own values, global to a
 * model (its coefficients pooled over the series), in one of three forms by its {@code lag}:
 * <ul>
 *   <li>{@code lag} 0, the deviations from the series' level ({@link FeaturePipeline#LEVEL_MEAN}, a running mean
 *       it already keeps): {@code y_t = L + a_1 (y_(t-1) - L) + ... + a_p (y_(t-p) - L)}, ARIMA(p, 0, 0) around a
 *       slowly moving mean: a river, a pollutant, a temperature that returns to its normal;</li>
 *   <li>{@code lag} 1, the changes, ARIMA(p, 1, 0) without drift;</li>
 *   <li>{@code lag} m > 1, the changes from a season before, {@code y_t = y_(t-m) + sum a_i (y_(t-i) - y_(t-i-m))}.</li>
 * </ul>
 * The forecast is {@code (1 - weight) model + weight autoregression}. Combining two different forecasters is the
 * most reliable gain of the M competitions: here the network and smoothing track a series' level and seasons, the
 * autoregression its short-range dynamics. The trainer keeps a weight only where it beats the model's own forecasts
 * on held-out points (docs/benchmarks.md, "Combinations with a second forecaster").
 *
 * <p>It reads the last {@link #span()} ring points, so it needs no state of its own: the forecaster grows the
 * ring to {@code span()} points at least, and mixes nothing in until a series has that many since it (re)started.
 *
 * @param lag          0 (deviations from the level), 1 (changes) or a season in steps (at most the longest season a
 *                     smoothing takes)
 * @param coefficients {@code a_1 .. a_p}, p at most {@value #MAX_ORDER} (empty: the level, the last value or the
 *                     value a season before)
 * @param weight       the autoregression's share of the forecast, in [0, 1) (0: off)
 */
public record ValueAutoregression(int lag, double[] coefficients, double weight) {
    /** Highest order. */
    public static final int MAX_ORDER = 8;
    /** Off. */
    public static final ValueAutoregression NONE = new ValueAutoregression(1, new double[0], 0);

    public ValueAutoregression {
        coefficients = coefficients.clone();
        String prefix = "normalisation.parameters.";
        if (lag < 0 || lag > ExponentialSmoothing.MAX_SEASON_STEPS) {
            throw new IllegalArgumentException(prefix + FeaturePipeline.VALUE_AR_LAG + " must be in [0, "
                    + ExponentialSmoothing.MAX_SEASON_STEPS + "] (the longest season), got " + lag);
        }
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException(prefix + FeaturePipeline.VALUE_AR_WEIGHT + " must be in [0, 1), got "
                    + weight);
        }
        if (coefficients.length > MAX_ORDER) {
            throw new IllegalArgumentException(prefix + FeaturePipeline.VALUE_AR + ": at most " + MAX_ORDER
                    + " coefficients, got " + coefficients.length);
        }
        for (int i = 0; i < coefficients.length; i++) {
            if (!Double.isFinite(coefficients[i])) {
                throw new IllegalArgumentException(prefix + FeaturePipeline.VALUE_AR + (i + 1) + " must be finite, got "
                        + coefficients[i]);
            }
        }
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** Whether it is mixed in at all. */
    public boolean on() {
        return weight > 0;
    }

    public int order() {
        return coefficients.length;
    }

    /**
     * Whether a shock fades from its forecasts ({@link ErrorAutoregression#stationary()} of the coefficients): an
     * explosive fit of deviations from a level that a trend outruns extrapolated a carbon-emissions series to 1.38 x
     * the best classical forecast.
     */
    public boolean stationary() {
        return ErrorAutoregression.stationary(coefficients);
    }

    /** Past points a forecast reads (at least 1). */
    public int span() {
        return Math.max(1, lag + coefficients.length);
    }

    /**
     * The one-step forecast of {@code x[k]} from {@code x[k - span()] .. x[k - 1]} and the level {@code level} at
     * {@code k - 1}: the one formula the trainer fits and the forecaster serves.
     */
    public double next(double[] x, int k, double level) {
        double f = lag == 0 ? level : x[k - lag];
        for (int i = 1; i <= coefficients.length; i++) {
            f += coefficients[i - 1] * (x[k - i] - (lag == 0 ? level : x[k - i - lag]));
        }
        return f;
    }

    /**
     * The forecasts of the next {@code h} points into {@code out[0..h)}, each later one from the earlier forecasts
     * where its lags are still to come, the level held: {@code x[0..span())} holds the last {@link #span()} values,
     * oldest first, and {@code x} at least {@code span() + h} entries.
     */
    public void path(double[] x, double level, int h, double[] out) {
        int n = span();
        for (int k = 0; k < h; k++) {
            x[n + k] = next(x, n + k, level);
            out[k] = x[n + k];
        }
    }

    /** {@code model} with this autoregression's forecast mixed in. */
    public double mix(double model, double autoregression) {
        return model + weight * (autoregression - model);
    }

    /** The model's own forecast inside {@code mixed}, given the autoregression's. */
    public double unmix(double mixed, double autoregression) {
        return (mixed - weight * autoregression) / (1 - weight);
    }

    /** The same autoregression at another weight. */
    public ValueAutoregression withWeight(double w) {
        return new ValueAutoregression(lag, coefficients, w);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueAutoregression v && lag == v.lag && Arrays.equals(coefficients, v.coefficients)
                && Double.compare(weight, v.weight) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * lag + Arrays.hashCode(coefficients)) + Double.hashCode(weight);
    }

    /** "AR(2) of the changes (0.412, -0.100)", without the weight. */
    @Override
    public String toString() {
        String form = lag == 0 ? "deviations from the level" : lag == 1 ? "changes" : "changes over " + lag + " steps";
        // Order 0 (the level alone, or no change) has no coefficients to list.
        return "AR(" + coefficients.length + ") of the " + form + (coefficients.length == 0 ? "" : Arrays.stream(
                coefficients).mapToObj(a -> String.format(java.util.Locale.ROOT, "%.3f", a))
                .collect(java.util.stream.Collectors.joining(", ", " (", ")")));
    }
}
