package dev.nowcast.model.train;

/**
 * What held-out points said about each series' median shift ({@code medianShiftRate}), as the trainer job checked
 * it: on {@code points} one-step forecasts, the MAE without the shift and with it at {@code rate}, and the
 * {@link Significance} statistic of that gain. The shift is kept where it lowers the MAE at all: it is one setting, not
 * a fit, and every value it takes at a point comes from the errors before that point, so the held-out forecasts with
 * it are as out of sample as those without. Where it was kept only when it won by a standard error, it stayed off on
 * sets where it lowered the MAE (docs/benchmarks.md, step 28).
 *
 * @param rate        the step compared (0: not checked)
 * @param points      held-out points compared
 * @param withoutMae  the MAE without the shift
 * @param withMae     the MAE with it
 * @param t           the gain's statistic (NaN with fewer than two blocks of points)
 */
public record MedianShiftEvidence(double rate, int points, double withoutMae, double withMae, double t) {
    /** No check: the base forecast is the last value, or the shift is configured off. */
    public static final MedianShiftEvidence NONE = new MedianShiftEvidence(0, 0, Double.NaN, Double.NaN, Double.NaN);

    /** The evidence of forecasts {@code with} the shift at {@code rate} against those {@code without} it. */
    public static MedianShiftEvidence of(double rate, double[] actual, double[] without, double[] with) {
        return new MedianShiftEvidence(rate, actual.length, ForecastTrainer.mae(actual, without),
                ForecastTrainer.mae(actual, with), Significance.tStatistic(actual, without, with));
    }

    /** Whether the shift is kept: it lowered the held-out MAE (never on no points). */
    public boolean kept() {
        return withMae < withoutMae;
    }

    /** Whether the shift was tried: a rate was checked, on the held-out points there were (perhaps none). */
    public boolean checked() {
        return rate > 0;
    }

    /** The relative gain of the shifted forecasts, {@code 1 - withMae / withoutMae}. */
    public double gain() {
        return withoutMae > 0 ? 1 - withMae / withoutMae : 0;
    }
}
