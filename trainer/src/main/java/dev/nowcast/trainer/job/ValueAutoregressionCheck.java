package dev.nowcast.trainer.job;

import java.util.List;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.feature.ValueAutoregression;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.TrainingResult;
import dev.nowcast.model.train.ValueAutoregressionEvidence;

/**
 * The second forecaster's weight: the value autoregression the trainer fits on the training parts
 * ({@link ForecastTrainer#fitValueAutoregression}) is mixed into the model's forecasts at the share
 * ({@link ForecastTrainer#VALUE_AR_WEIGHTS}) with the lowest MAE of those that beat the model's own forecasts on the
 * validation and held-out parts together, by the standard for that many points
 * ({@link ForecastTrainer#valueAutoregressionCriticalT}); none beating them, none is mixed in. Both parts are out of
 * sample for the autoregression, fitted before them, and together they give the check more than twice the points of
 * the validation part alone, where it was first chosen: 53 of 85 suite sets at most the best classical forecast
 * then, 55 with both parts (docs/benchmarks.md, step 25).
 */
final class ValueAutoregressionCheck {
    private ValueAutoregressionCheck() {
    }

    /**
     * {@code result}, or the same model with the value autoregression mixed in and calibrated again on the training
     * parts' validation part; either way with what the check saw ({@link TrainingResult#valueAutoregressionEvidence}).
     *
     * @param series        the whole series, the holdout included
     * @param trainingParts the parts before the holdout, which the model was trained on
     */
    static TrainingResult check(TrainingResult result, List<Series> series, List<Series> trainingParts, int threads) {
        ValueAutoregression fitted = ForecastTrainer.fitValueAutoregression(result, trainingParts);
        if (fitted == null) {
            return result.withValueAutoregressionEvidence(ValueAutoregressionEvidence.NONE);
        }
        int[] unseen = CorrectionCheck.starts(result, trainingParts, result.config().validationFraction());
        double[][] model = CorrectionCheck.oneStep(result, series, unseen, threads);
        ValueAutoregressionEvidence best = null;
        for (double weight : ForecastTrainer.VALUE_AR_WEIGHTS) {
            ValueAutoregression candidate = fitted.withWeight(weight);
            double[] mixed = CorrectionCheck.oneStep(result.withPipeline(
                    result.pipeline().withValueAutoregression(candidate)), series, unseen, threads)[1];
            ValueAutoregressionEvidence e = ForecastTrainer.valueAutoregressionEvidence(candidate, model[0], model[1],
                    mixed);
            if (best == null || e.betterThan(best)) {
                best = e;
            }
        }
        TrainingResult checked = best.passed()
                ? ForecastTrainer.withValueAutoregression(result, trainingParts, best.candidate()) : result;
        return checked.withValueAutoregressionEvidence(best);
    }
}
