package dev.nowcast.model.forecast;

/**
 * The standard normal distribution function, hand-written because the JDK has none.
 *
 * <p>{@link #cdf(double)} uses Marsaglia's series ("Evaluating the Normal Distribution", J. Stat. Software
 * 11(4), 2004): {@code Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/(3*5) + ...)}, summed in double until a term no
 * longer changes the sum, for |x| < 8.5; beyond that the result is 0 or 1 to within 1e-17. The absolute error
 * is below 1e-15 over the whole line ({@code NormalDistributionTest} checks reference values to 1e-15);
 * relative accuracy in the far tails is not needed for probabilities reported to users.
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
        if (x <= -8.5) {
            return 0;
        }
        if (x >= 8.5) {
            return 1;
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
        // Far in the lower tail the sum cancels 0.5 to within an ulp; keep the result a probability.
        return Math.max(0, Math.min(1, 0.5 + sum * Math.exp(-0.5 * q - LOG_SQRT_TWO_PI)));
    }
}
