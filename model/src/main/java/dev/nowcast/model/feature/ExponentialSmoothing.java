package dev.nowcast.model.feature;

import java.util.Arrays;

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
 * statistics: a new series needs no initialisation pass, its level is the running mean of its first points and
 * each seasonal index the mean deviation of its first visits. {@code alpha = 1} with no trend and no season is the
 * naive forecast; a small {@code alpha} with {@code gamma = 1} is close to the seasonal-naive one.
 *
 * @param alpha   level weight in (0, 1]
 * @param beta    trend weight in [0, 1] (0: no trend)
 * @param phi     trend damping in (0, 1]
 * @param seasons seasonal periods in steps (at most two, each >= 2)
 * @param gammas  one seasonal weight in (0, 1] per period
 */
public record ExponentialSmoothing(double alpha, double beta, double phi, int[] seasons, double[] gammas) {
    /** The naive forecast: the last value. */
    public static final ExponentialSmoothing NAIVE = new ExponentialSmoothing(1, 0, 1, new int[0], new double[0]);
    /** Most seasonal components a model has. */
    public static final int MAX_SEASONS = 2;
    /** Longest seasonal period, in steps: two weeks of minutes. */
    public static final int MAX_SEASON_STEPS = 20_160;

    public ExponentialSmoothing {
        seasons = seasons.clone();
        gammas = gammas.clone();
        require(alpha > 0 && alpha <= 1, "smoothingAlpha must be in (0, 1], got " + alpha);
        require(beta >= 0 && beta <= 1, "smoothingBeta must be in [0, 1], got " + beta);
        require(phi > 0 && phi <= 1, "smoothingPhi must be in (0, 1], got " + phi);
        require(seasons.length == gammas.length, seasons.length + " seasons but " + gammas.length + " gammas");
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
        return code;
    }

    /**
     * Adds the point {@code y} to the smoothing state.
     *
     * @param points  points of the series before this one (0: this point starts it)
     * @param advance steps since the previous point (>= 1; ignored for the first point)
     */
    public void update(double[] stats, float[] seasonal, long points, long advance, double y) {
        if (points == 0) {
            stats[FeaturePipeline.SMOOTH_LEVEL] = y;
            stats[FeaturePipeline.SMOOTH_TREND] = 0;
            stats[FeaturePipeline.SMOOTH_STEPS] = 0;
            stats[FeaturePipeline.SMOOTH_LAYOUT] = layoutCode();
            Arrays.fill(seasonal, 0f);
            return;
        }
        long k = (long) stats[FeaturePipeline.SMOOTH_STEPS] + advance;
        stats[FeaturePipeline.SMOOTH_STEPS] = k;
        double level = stats[FeaturePipeline.SMOOTH_LEVEL];
        double damped = phi * stats[FeaturePipeline.SMOOTH_TREND];
        double a = Math.max(alpha, 1.0 / (points + 1));
        double next = a * (y - seasonalSum(seasonal, k)) + (1 - a) * (level + damped);
        stats[FeaturePipeline.SMOOTH_LEVEL] = next;
        stats[FeaturePipeline.SMOOTH_TREND] = beta * (next - level) + (1 - beta) * damped;
        int off = 0;
        for (int j = 0; j < seasons.length; j++) {
            int i = off + (int) (k % seasons[j]);
            double g = Math.max(gammas[j], 1.0 / (k / seasons[j] + 1));
            double others = seasonalSum(seasonal, k) - seasonal[i];
            seasonal[i] = (float) (g * (y - next - others) + (1 - g) * seasonal[i]);
            off += seasons[j];
        }
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
        return stats[FeaturePipeline.SMOOTH_LEVEL] + damping * trend
                + seasonalSum(seasonal, (long) stats[FeaturePipeline.SMOOTH_STEPS] + h);
    }

    private double seasonalSum(float[] seasonal, long k) {
        double sum = 0;
        int off = 0;
        for (int p : seasons) {
            sum += seasonal[off + (int) (k % p)];
            off += p;
        }
        return sum;
    }

    /**
     * How much a one-step error {@code j} steps before a target moves the forecast of that target (at the nominal
     * weights): {@code c_j = alpha (1 + beta (phi + ... + phi^j))} plus, for each season whose period divides j,
     * its gamma times the share of the error the level and the earlier seasons left ({@code (1 - alpha)}, then
     * times {@code (1 - gamma1)}), and {@code c_0 = 1}. The h-step forecast error is {@code sum_j c_j e_(h-j)}, so
     * its variance is {@code sum_j c_j^2 sigma^2} (Hyndman et al. 2008, ch. 6); the naive forecast has every
     * {@code c_j = 1}, the random walk.
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
                && Arrays.equals(seasons, e.seasons) && Arrays.equals(gammas, e.gammas);
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
        return b.toString();
    }
}
