package dev.nowcast.trainer.job;

import java.util.Arrays;
import java.util.List;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.train.AutoregressionChoice;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.Significance;
import dev.nowcast.model.train.TrainingResult;

/**
 * The network's correction must prove itself twice: on the trainer's validation part (where its shrinkage was
 * fitted) and again on the job's held-out part, later in time and never used in fitting. A correction that does
 * not beat the base forecast significantly there is dropped ({@code meanScale} 0) before the model is scored and
 * published: on short panels a validation gain can be the luck of one period, and a network that extrapolates
 * wrongly costs far more than the smoothing it corrects. In its place the model takes the trainer's error
 * autoregression when that beats the base forecast there, by the trainer's own standard for it; so does a model
 * without a correction whose validation part had too few points to check the autoregression on, checked then on its
 * validation and held-out parts together: without a correction, the validation part's point forecasts were fitted
 * on nothing there (the autoregression's coefficients and order come from the training part), so both parts are
 * out of sample for it, and a short series has twice the points.
 */
final class CorrectionCheck {
    private CorrectionCheck() {
    }

    /**
     * {@code result}, or the same model without the network's correction when it does not pass on the holdout;
     * with the error autoregression, calibrated again on the training parts' validation part, when that was left
     * to this check and passes here (on the validation part and the holdout together, for a model without a
     * correction).
     *
     * @param series        the whole series, whose last {@code holdoutFraction} is the holdout
     * @param trainingParts the parts before it, which the model was trained on
     */
    static TrainingResult check(TrainingResult result, List<Series> series, List<Series> trainingParts,
                                double holdoutFraction, int threads) {
        if (result.pipeline().meanScale() == 0) {
            if (result.autoregressionChoice() != AutoregressionChoice.TOO_FEW_POINTS) {
                return result;
            }
            double unseen = holdoutFraction + (1 - holdoutFraction) * result.config().validationFraction();
            return withAutoregressionIfItWins(result, oneStep(result, series, unseen, threads), series, trainingParts,
                    unseen, threads);
        }
        TrainingResult base = result.withPipeline(result.pipeline().withCalibration(0, result.pipeline().stddevScale()));
        double[][] full = oneStep(result, series, holdoutFraction, threads);
        double[][] alone = oneStep(base, series, holdoutFraction, threads);
        if (Significance.better(full[0], alone[1], full[1])) {
            return result;
        }
        return result.autoregressionChoice() == AutoregressionChoice.NETWORK_ON
                ? withAutoregressionIfItWins(base, alone, series, trainingParts, holdoutFraction, threads) : base;
    }

    /** {@code base} with the trainer's error autoregression when it beats {@code base}'s forecasts on the holdout. */
    private static TrainingResult withAutoregressionIfItWins(TrainingResult base, double[][] alone,
                                                             List<Series> series, List<Series> trainingParts,
                                                             double holdoutFraction, int threads) {
        FeaturePipeline withAr = base.pipeline().withErrorAutoregression(base.autoregression());
        double[][] forecasts = oneStep(base.withPipeline(withAr), series, holdoutFraction, threads);
        AutoregressionChoice choice = ForecastTrainer.autoregressionCheck(alone[0], alone[1], forecasts[1]);
        return choice == AutoregressionChoice.ON ? ForecastTrainer.withAutoregression(base, trainingParts)
                : base.withAutoregression(base.pipeline(), choice);
    }

    private static double[][] oneStep(TrainingResult r, List<Series> series, double holdoutFraction, int threads) {
        double[][] cols = {new double[1024], new double[1024]};
        int[] n = {0};
        new OfflineEvaluator(r.forecaster(0).withHorizon(1)).withTestFraction(holdoutFraction).withThreads(threads)
                .withListener((s, p, t, actual, mean, sd) -> {
                    if (n[0] == cols[0].length) {
                        cols[0] = Arrays.copyOf(cols[0], 2 * n[0]);
                        cols[1] = Arrays.copyOf(cols[1], 2 * n[0]);
                    }
                    cols[0][n[0]] = actual;
                    cols[1][n[0]++] = mean;
                }).evaluate(series);
        return new double[][] {Arrays.copyOf(cols[0], n[0]), Arrays.copyOf(cols[1], n[0])};
    }
}
