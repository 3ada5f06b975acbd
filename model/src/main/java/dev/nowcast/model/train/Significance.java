package dev.nowcast.model.train;

/**
 * Whether one forecast beats another on the same points by more than chance: a one-sided Diebold-Mariano test
 * on the paired absolute errors, with the variance of the mean difference taken from blocks of
 * {@value #BLOCK} consecutive points (forecast errors are autocorrelated, which makes the plain t-statistic
 * overconfident). The trainer keeps an extra part of a model (the network's correction, a smoothing more
 * elaborate than the last value) only when it passes: Occam's razor for forecasters, and what keeps a
 * random-walk series at the naive forecast.
 */
public final class Significance {
    /** Points per block of the variance estimate. */
    static final int BLOCK = 10;
    /** Points the test needs: two blocks (fewer never pass). */
    public static final int MIN_POINTS = 2 * BLOCK;
    /** The one-sided critical value: about 2.5% under the null of equal accuracy. */
    public static final double CRITICAL_T = 2.0;

    private Significance() {
    }

    /** True when {@code candidate} has a lower absolute error than {@code incumbent} on {@code actual}. */
    public static boolean better(double[] actual, double[] incumbent, double[] candidate) {
        return better(actual, incumbent, candidate, CRITICAL_T);
    }

    /** {@link #better(double[], double[], double[])} at another critical value of the t-statistic. */
    public static boolean better(double[] actual, double[] incumbent, double[] candidate, double criticalT) {
        return tStatistic(actual, incumbent, candidate) > criticalT;
    }

    /**
     * The test's statistic: the mean gain of {@code candidate}'s absolute error over {@code incumbent}'s, in standard
     * errors of the block means; NaN with fewer than two blocks, and +-infinity (0 for no gain) when every block
     * gains the same.
     */
    public static double tStatistic(double[] actual, double[] incumbent, double[] candidate) {
        int n = actual.length;
        int blocks = n / BLOCK;
        if (blocks < 2) {
            return Double.NaN;
        }
        double[] means = new double[blocks];
        double total = 0;
        for (int b = 0; b < blocks; b++) {
            double sum = 0;
            for (int i = b * BLOCK; i < (b + 1) * BLOCK; i++) {
                sum += Math.abs(actual[i] - incumbent[i]) - Math.abs(actual[i] - candidate[i]);
            }
            means[b] = sum / BLOCK;
            total += means[b];
        }
        double mean = total / blocks;
        double var = 0;
        for (double m : means) {
            var += (m - mean) * (m - mean);
        }
        var /= blocks - 1;
        if (var == 0) {
            return mean == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean);
        }
        return mean / Math.sqrt(var / blocks);
    }
}
