package dev.nowcast.model.train;

import dev.nowcast.model.feature.ValueAutoregression;

/**
 * What the held-out points said about the value autoregression, as the trainer job checked it
 * ({@link ForecastTrainer#valueAutoregressionEvidence}): on {@code points} one-step forecasts, the model's own MAE,
 * the MAE with {@code candidate} mixed in, and the {@link Significance} statistic of that gain. A user whose model
 * has none sees how near it came, as for the network's correction ({@link CorrectionEvidence}).
 *
 * @param candidate the autoregression at the weight compared: the passing weight with the lowest MAE, or where none
 *                  passed the weight with the lowest MAE ({@link ValueAutoregression#NONE}: none was fitted)
 * @param points    held-out points compared
 * @param modelMae  the model's own MAE on them
 * @param mixedMae  the MAE with the candidate mixed in
 * @param t         the gain's statistic (NaN with fewer than two blocks of points)
 * @param passed    whether the gain met the standard for that many points
 *                  ({@link ForecastTrainer#valueAutoregressionCriticalT})
 */
public record ValueAutoregressionEvidence(ValueAutoregression candidate, int points, double modelMae,
                                          double mixedMae, double t, boolean passed) {
    /** No check: the base forecast is the last value, or no autoregression could be fitted. */
    public static final ValueAutoregressionEvidence NONE = new ValueAutoregressionEvidence(ValueAutoregression.NONE, 0,
            Double.NaN, Double.NaN, Double.NaN, false);

    /** The relative gain of the mixed forecast over the model's own, {@code 1 - mixedMae / modelMae}. */
    public double gain() {
        return modelMae > 0 ? 1 - mixedMae / modelMae : 0;
    }

    /** Whether this is the better of two candidates: a pass over none, then the lower MAE. */
    public boolean betterThan(ValueAutoregressionEvidence other) {
        return passed != other.passed ? passed : mixedMae < other.mixedMae;
    }
}
