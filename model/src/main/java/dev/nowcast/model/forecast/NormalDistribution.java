package dev.nowcast.model.forecast;

/**
 * The standard normal distribution function, hand-written because the JDK has none.
 *
 * <p>{@link #cdf(double)} uses, for |x| <= 3, Marsaglia's series ("Evaluating the Normal Distribution",
 * J. Stat. Software 11(4), 2004): {@code Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/(3*5) + ...)}, summed in double
 * until a term no longer changes the sum; and for |x| > 3 the tail {@code Q(t) = phi(t) / (t + 1/(t + 2/(t + 3/
 * (t + ...))))} (Laplace's continued fraction, 40 terms evaluated backwards), with {@code Phi(x) = Q(-x)} below
 * and {@code 1 - Q(x)} above. Accuracy: absolute error below 1e-15 everywhere, relative error below 1e-13 in the
 * lower tail (x < -3) ({@code NormalDistributionTest} checks reference values).
 */
public final class NormalDistribution {
    /** {@code Phi^-1(0.9)}: the p90 quantile of the standard normal (p10 is its negative). */
    public static final double Z90 = 1.2815515655446004;
    private static final double LOG_SQRT_TWO_PI = 0.91893853320467274178;

    private NormalDistribution() {
    }

    /** {@code P(Z <= x)} for a standard normal Z; NaN for NaN. */
    public static double cdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < -3) {
            return upperTail(-x);
        }
        if (x > 3) {
            return 1 - upperTail(x);
        }
        double q = x * x;
        double sum = x;
        double term = x;
        double previous = 0;
        for (int i = 3; sum != previous; i += 2) {
            previous = sum;
            term *= q / i;
            sum += term;
        }
        return 0.5 + sum * Math.exp(-0.5 * q - LOG_SQRT_TWO_PI);
    }

    /** {@code P(Z > t)} for {@code t > 3}. */
    private static double upperTail(double t) {
        if (t == Double.POSITIVE_INFINITY) {
            return 0;
        }
        double f = 0;
        for (int k = 40; k > 0; k--) {
            f = k / (t + f);
        }
        return Math.exp(-0.5 * t * t - LOG_SQRT_TWO_PI) / (t + f);
    }
}
