package dev.nowcast.model.feature;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-series exponential smoothing: a level, a damped trend and up to two additive seasonal components, the base
 * forecast that the global network corrects. This is the classical Holt-Winters recursion (Hyndman et al.,
 * <i>Forecasting with Exponential Smoothing</i>, 2008; two seasons as in Taylor 2003) and the per-series state of
 * Smyl's ES-RNN: the parameters are global to a model (fitted by the trainer), the state is per series and lives
 * in the series state ({@link FeaturePipeline#SMOOTH_LEVEL}, {@link FeaturePipeline#SMOOTH_TREND},
 * {@link FeaturePipeline#SMOOTH_STEPS} and the seasonal indices, {@code seasonalLength()} floats).
 *
 * <p>At a point {@code y} after {@code k} steps (the step count follows the time grid, so a gap skips phases):
 * <pre>
 * level'   = a (y - s1 - s2) + (1 - a)(level + phi trend)
 * trend'   = beta (level' - level) + (1 - beta) phi trend
 * s1'      = g1 (y - level' - s2) + (1 - g1) s1          (s1, s2: the indices of the phase of this step)
 * s2'      = g2 (y - level' - s1') + (1 - g2) s2
 * forecast h steps on: level + (phi + ... + phi^h) trend + s1(k + h) + s2(k + h)
 * </pre>
 * The weights start at {@code 1/n} and decay to their nominal values ({@code a = max(alpha, 1/n)} at the n-th
 * point, {@code g = max(gamma, 1/visit)} at a phase's visit), the bias correction of the other running
 * statistics: a new series needs no initialisation pass, its level is the running mean of its first points. A
 * season joins the forecast once its first cycle is complete, each index then its phase's deviation from that
 * cycle's mean, and later visits average in as above. {@code alpha = 1} with no trend and no season is the
 * naive forecast; a small {@code alpha} with {@code gamma = 1} is close to the seasonal-naive one.
 *
 * <p>{@linkplain SeasonalForm#MULTIPLICATIVE Multiplicative} seasons are factors instead (Holt-Winters'
 * multiplicative form, ETS(., ., M) in R's {@code ets()}): {@code y / (s1 s2)} feeds the level,
 * {@code y / (level' s2)} the index, and the forecast is {@code (level + damped trend) s1 s2}. A season whose
 * swing grows with the level (airline passengers, gas demand) is one set of factors, where additive indices
 * would have to chase it.
 *
 * <p>With a {@code clip} (robust smoothing, Gelper, Fried and Croux 2010), the point that moves the state is
 * {@code forecast + clamp(y - forecast, -clip s, clip s)} for the series' one-step error scale {@code s} before
 * the point: a holiday, a spike or a dropped reading moves the level and the season by at most {@code clip} scales
 * instead of its whole error, where the plain recursion carries it into the next cycle's forecasts. The
 * forecast of that point, and the scored error, are not touched. It acts once every season has completed its first
 * cycle and the series has {@value #CLEAN_AFTER} points (before, the scale and the forecast are still learning), and
 * not on the first point after a gap, whose error spreads wider than one step's.
 *
 * @param alpha   level weight in (0, 1]
 * @param beta    trend weight in [0, 1] (0: no trend)
 * @param phi     trend damping in (0, 1]
 * @param seasons seasonal periods in steps (at most two, each >= 2)
 * @param gammas  one seasonal weight in (0, 1] per period
 * @param form    how the seasons combine with the level and start (ADDITIVE when there are none)
 * @param clip    bound of the error that moves the state, in scales; 0 for none (the plain recursion)
 */
public record ExponentialSmoothing(double alpha, double beta, double phi, int[] seasons, double[] gammas,
                                   SeasonalForm form, double clip) {
    /** The naive forecast: the last value. */
    public static final ExponentialSmoothing NAIVE = new ExponentialSmoothing(1, 0, 1, new int[0], new double[0]);
    /** Points a series has before its errors are clipped. */
    static final int CLEAN_AFTER = 10;
    /** Bounds of a multiplicative factor: a value the data never showed cannot blow the level up. */
    static final double MIN_FACTOR = 0.02;
    static final double MAX_FACTOR = 50;

    /** How seasons combine with the level, and how a season's indices start. */
    public enum SeasonalForm {
        /** Additive, each index started as its deviation from the running level: snapshots without the setting. */
        ADDITIVE_FROM_LEVEL,
        /** Additive, each index started as its phase's deviation from its first cycle's mean. */
        ADDITIVE,
        /** Multiplicative factors, each started as its phase's ratio to its first cycle's mean (positive data). */
        MULTIPLICATIVE;

        /** The snapshot's code. */
        public double code() {
            return ordinal();
        }

        /** The form of a snapshot's code. */
        public static SeasonalForm of(double code) {
            for (SeasonalForm f : values()) {
                if (f.code() == code) {
                    return f;
                }
            }
            throw new IllegalArgumentException("normalisation.parameters.seasonalForm must be 0 (additive from the "
                    + "level), 1 (additive) or 2 (multiplicative), got " + code);
        }
    }

    /** Additive seasons. */
    public ExponentialSmoothing(double alpha, double beta, double phi, int[] seasons, double[] gammas) {
        this(alpha, beta, phi, seasons, gammas, SeasonalForm.ADDITIVE);
    }

    /** Without a clip. */
    public ExponentialSmoothing(double alpha, double beta, double phi, int[] seasons, double[] gammas,
                                SeasonalForm form) {
        this(alpha, beta, phi, seasons, gammas, form, 0);
    }
    /** Most seasonal components a model has. */
    public static final int MAX_SEASONS = 2;
    /** Longest seasonal period, in steps: two weeks of minutes. */
    public static final int MAX_SEASON_STEPS = 20_160;
    /** Largest clip, in scales (beyond it nothing is clipped that a Gaussian error would reach). */
    static final int MAX_CLIP = 10;

    /** The same smoothing with another clip. */
    public ExponentialSmoothing withClip(double c) {
        return new ExponentialSmoothing(alpha, beta, phi, seasons, gammas, form, c);
    }

    public ExponentialSmoothing {
        seasons = seasons.clone();
        gammas = gammas.clone();
        form = seasons.length == 0 ? SeasonalForm.ADDITIVE : Objects.requireNonNull(form, "form");
        require(alpha > 0 && alpha <= 1, "smoothingAlpha must be in (0, 1], got " + alpha);
        require(beta >= 0 && beta <= 1, "smoothingBeta must be in [0, 1], got " + beta);
        require(phi > 0 && phi <= 1, "smoothingPhi must be in (0, 1], got " + phi);
        require(seasons.length == gammas.length, seasons.length + " seasons but " + gammas.length + " gammas");
        require(clip == 0 || clip >= 1 && clip <= MAX_CLIP, "smoothingClip must be 0 or in [1, " + MAX_CLIP
                + "], got " + clip);
        require(seasons.length <= MAX_SEASONS, "at most " + MAX_SEASONS + " seasons, got " + seasons.length);
        for (int j = 0; j < seasons.length; j++) {
            require(seasons[j] >= 2 && seasons[j] <= MAX_SEASON_STEPS, "season" + (j + 1) + "Steps must be in [2, "
                    + MAX_SEASON_STEPS + "], got " + seasons[j]);
            require(gammas[j] > 0 && gammas[j] <= 1, "season" + (j + 1) + "Gamma must be in (0, 1], got " + gammas[j]);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("normalisation.parameters." + message);
        }
    }

    @Override
    public int[] seasons() {
        return seasons.clone();
    }

    @Override
    public double[] gammas() {
        return gammas.clone();
    }

    /** True for the naive forecast, where the base forecast is the last value itself (no smoothing state). */
    public boolean naive() {
        return alpha == 1 && beta == 0 && seasons.length == 0;
    }

    /** Seasonal indices per series: the sum of the periods. */
    public int seasonalLength() {
        int n = 0;
        for (int p : seasons) {
            n += p;
        }
        return n;
    }

    /**
     * A number that differs between seasonal layouts (stored in the state, so that a model swap keeps the
     * smoothing state only when the new model reads it the same way); never 0, which a state without smoothing
     * holds.
     */
    public double layoutCode() {
        double code = 1;
        for (int p : seasons) {
            code = code * (MAX_SEASON_STEPS + 1) + p;
        }
        return form == SeasonalForm.MULTIPLICATIVE ? -code : code;
    }

    /**
     * Adds the point {@code y} to the smoothing state.
     *
     * @param points  points of the series before this one (0: this point starts it)
     * @param advance steps since the previous point (>= 1; ignored for the first point)
     * @param scale   the series' one-step error scale before this point, which the {@code clip} counts in
     */
    public void update(double[] stats, float[] seasonal, long points, long advance, double y, double scale) {
        if (points == 0) {
            stats[FeaturePipeline.SMOOTH_LEVEL] = y;
            stats[FeaturePipeline.SMOOTH_TREND] = 0;
            stats[FeaturePipeline.SMOOTH_STEPS] = 0;
            stats[FeaturePipeline.SMOOTH_LAYOUT] = layoutCode();
            Arrays.fill(seasonal, 0f);
            if (form != SeasonalForm.ADDITIVE_FROM_LEVEL) {
                updateSeasons(seasonal, -1, 0, y, y);
            }
            return;
        }
        long before = (long) stats[FeaturePipeline.SMOOTH_STEPS];
        if (clip > 0 && advance == 1 && points >= CLEAN_AFTER && firstCyclesDone(before)) {
            double expected = forecast(stats, seasonal, 1);
            y = expected + Math.max(-clip * scale, Math.min(clip * scale, y - expected));
        }
        long k = before + advance;
        stats[FeaturePipeline.SMOOTH_STEPS] = k;
        double level = stats[FeaturePipeline.SMOOTH_LEVEL];
        double damped = phi * stats[FeaturePipeline.SMOOTH_TREND];
        double a = Math.max(alpha, 1.0 / (points + 1));
        double next = a * deseasonalised(y, seasonal, k, before) + (1 - a) * (level + damped);
        stats[FeaturePipeline.SMOOTH_LEVEL] = next;
        stats[FeaturePipeline.SMOOTH_TREND] = beta * (next - level) + (1 - beta) * damped;
        if (form == SeasonalForm.ADDITIVE_FROM_LEVEL) {
            updateFromLevel(seasonal, k, y, next);
        } else {
            updateSeasons(seasonal, before, k, y, next);
        }
    }

    /** {@link SeasonalForm#ADDITIVE_FROM_LEVEL}: each visit, the first included, averages in its deviation. */
    private void updateFromLevel(float[] seasonal, long k, double y, double level) {
        int off = 0;
        for (int j = 0; j < seasons.length; j++) {
            int i = off + (int) (k % seasons[j]);
            double g = Math.max(gammas[j], 1.0 / (k / seasons[j] + 1));
            double others = seasonalSum(seasonal, k, k) - seasonal[i];
            seasonal[i] = (float) (g * (y - level - others) + (1 - g) * seasonal[i]);
            off += seasons[j];
        }
    }

    /**
     * Moves each season's index of the phase of step {@code k} ({@code before}: the previous point's step, -1 for
     * a series' first point). In its first cycle a season is not yet part of any forecast: it records each
     * phase's value net of the seasons already learned (a gap's skipped phases take the same value), and when the
     * cycle completes it takes out their mean. That is the classical initialisation, each index its phase's
     * deviation from (or ratio to) the first cycle's mean; deviations from the running level instead carry that
     * level's bias into every index, large when a series starts at a seasonal peak, and a short series never
     * recovers the cycles it takes to wear off.
     */
    private void updateSeasons(float[] seasonal, long before, long k, double y, double level) {
        boolean multiplicative = form == SeasonalForm.MULTIPLICATIVE;
        int off = 0;
        for (int j = 0; j < seasons.length; j++) {
            int p = seasons[j];
            int i = off + (int) (k % p);
            if (before >= p - 1) {
                double g = Math.max(gammas[j], 1.0 / (k / p + 1));
                double target = multiplicative
                        ? ratio(y, level * seasonalProduct(seasonal, k, k) / seasonal[i], seasonal[i])
                        : y - level - (seasonalSum(seasonal, k, k) - seasonal[i]);
                seasonal[i] = factorOrIndex(g * target + (1 - g) * seasonal[i]);
            } else {
                float value = (float) (multiplicative ? ratio(y, seasonalProduct(seasonal, k, before), 1)
                        : y - seasonalSum(seasonal, k, before));
                for (long t = before + 1; t <= Math.min(k, before + p); t++) {
                    seasonal[off + (int) (t % p)] = value;
                }
                if (k >= p - 1) {
                    center(seasonal, off, p);
                }
            }
            off += p;
        }
    }

    /** {@code y / d}, or {@code otherwise} where {@code d} is not positive. */
    private static double ratio(double y, double d, double otherwise) {
        return d > 0 ? y / d : otherwise;
    }

    private float factorOrIndex(double v) {
        return (float) (form == SeasonalForm.MULTIPLICATIVE ? Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, v)) : v);
    }

    /** Takes the first cycle's mean out of a season: subtracted from indices, divided out of factors. */
    private void center(float[] seasonal, int off, int p) {
        double sum = 0;
        for (int i = off; i < off + p; i++) {
            sum += seasonal[i];
        }
        double mean = sum / p;
        for (int i = off; i < off + p; i++) {
            seasonal[i] = form == SeasonalForm.MULTIPLICATIVE
                    ? factorOrIndex(mean > 0 ? seasonal[i] / mean : 1) : (float) (seasonal[i] - mean);
        }
    }

    /** Whether every season has completed its first cycle by step {@code k}, whatever the form. */
    private boolean firstCyclesDone(long k) {
        for (int p : seasons) {
            if (k < p - 1) {
                return false;
            }
        }
        return true;
    }

    /** The forecast {@code h} steps after the last point (h >= 1). */
    public double forecast(double[] stats, float[] seasonal, int h) {
        double trend = stats[FeaturePipeline.SMOOTH_TREND];
        double damping = 0;
        double power = 1;
        for (int i = 0; i < h; i++) {
            power *= phi;
            damping += power;
        }
        long k = (long) stats[FeaturePipeline.SMOOTH_STEPS];
        double level = stats[FeaturePipeline.SMOOTH_LEVEL] + damping * trend;
        return form == SeasonalForm.MULTIPLICATIVE ? level * seasonalProduct(seasonal, k + h, k)
                : level + seasonalSum(seasonal, k + h, k);
    }

    /** {@code y} net of the seasons of step {@code t}'s phase, as known at step {@code k}. */
    private double deseasonalised(double y, float[] seasonal, long t, long k) {
        return form == SeasonalForm.MULTIPLICATIVE ? ratio(y, seasonalProduct(seasonal, t, k), y)
                : y - seasonalSum(seasonal, t, k);
    }

    /** Whether a season of period {@code p} is part of the forecast at step {@code k}: its first cycle is done. */
    private boolean live(int p, long k) {
        return form == SeasonalForm.ADDITIVE_FROM_LEVEL || k >= p - 1;
    }

    /** The indices of step {@code t}'s phase of the seasons live at step {@code k}. */
    private double seasonalSum(float[] seasonal, long t, long k) {
        double sum = 0;
        int off = 0;
        for (int p : seasons) {
            if (live(p, k)) {
                sum += seasonal[off + (int) (t % p)];
            }
            off += p;
        }
        return sum;
    }

    /** The factors of step {@code t}'s phase of the seasons live at step {@code k}. */
    private double seasonalProduct(float[] seasonal, long t, long k) {
        double product = 1;
        int off = 0;
        for (int p : seasons) {
            if (live(p, k)) {
                product *= seasonal[off + (int) (t % p)];
            }
            off += p;
        }
        return product;
    }

    /**
     * How much a one-step error {@code j} steps before a target moves the forecast of that target (at the nominal
     * weights): {@code c_j = alpha (1 + beta (phi + ... + phi^j))} plus, for each season whose period divides j,
     * its gamma times the share of the error the level and the earlier seasons left ({@code (1 - alpha)}, then
     * times {@code (1 - gamma1)}), and {@code c_0 = 1}. The h-step forecast error is {@code sum_j c_j e_(h-j)}, so
     * its variance is {@code sum_j c_j^2 sigma^2} (Hyndman et al. 2008, ch. 6); the naive forecast has every
     * {@code c_j = 1}, the random walk. Multiplicative seasons use the same weights, an approximation that is exact
     * where the factors are 1; each series' far adaptation corrects what is left.
     */
    public double errorWeight(int j) {
        if (j == 0) {
            return 1;
        }
        double damping = 0;
        double power = 1;
        for (int i = 0; i < j; i++) {
            power *= phi;
            damping += power;
        }
        double c = alpha * (1 + beta * damping);
        // Each season takes its share of what the level and the seasons before it left of the error.
        double remaining = 1 - alpha;
        for (int s = 0; s < seasons.length; s++) {
            if (j % seasons[s] == 0) {
                c += gammas[s] * remaining;
            }
            remaining *= 1 - gammas[s];
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExponentialSmoothing e && alpha == e.alpha && beta == e.beta && phi == e.phi
                && Arrays.equals(seasons, e.seasons) && Arrays.equals(gammas, e.gammas) && form == e.form
                && clip == e.clip;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(alpha) * 31 + Arrays.hashCode(seasons);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("alpha=").append(alpha);
        if (beta > 0) {
            b.append(", beta=").append(beta).append(", phi=").append(phi);
        }
        for (int j = 0; j < seasons.length; j++) {
            b.append(", season ").append(seasons[j]).append(" steps gamma=").append(gammas[j]);
        }
        if (form == SeasonalForm.MULTIPLICATIVE) {
            b.append(", multiplicative");
        }
        if (clip > 0) {
            b.append(", outliers clipped at ").append(clip == Math.rint(clip) ? String.valueOf((int) clip) : clip)
                    .append(" scales");
        }
        return b.toString();
    }
}
