package dev.nowcast.trainer.job;

import java.util.Arrays;
import java.util.List;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.Significance;
import dev.nowcast.model.train.TrainingResult;

/**
 * The network's correction must prove itself twice: on the trainer's validation part (where its shrinkage was
 * fitted) and again on the job's held-out part, later in time and never used in fitting. A correction that does
 * not beat the base forecast significantly there is dropped ({@code meanScale} 0) before the model is scored and
 * published: on short panels a validation gain can be the luck of one period, and a network that extrapolates
 * wrongly costs far more than the smoothing it corrects. In its place the model takes the trainer's error
 * autoregression when that beats the base forecast there, by the trainer's own standard for it.
 */
final class CorrectionCheck {
    private CorrectionCheck() {
    }

    /**
     * {@code result}, or the same model without the network's correction when it does not pass on the holdout,
     * with the error autoregression when that passes there.
     */
    static TrainingResult check(TrainingResult result, List<Series> series, double holdoutFraction, int threads) {
        if (result.pipeline().meanScale() == 0) {
            return result;
        }
        TrainingResult base = result.withPipeline(result.pipeline().withCalibration(0, result.pipeline().stddevScale()));
        double[][] full = oneStep(result, series, holdoutFraction, threads);
        double[][] alone = oneStep(base, series, holdoutFraction, threads);
        if (Significance.better(full[0], alone[1], full[1])) {
            return result;
        }
        if (result.autoregression().order() == 0) {
            return base;
        }
        TrainingResult autoregressive = base.withPipeline(
                base.pipeline().withErrorAutoregression(result.autoregression()));
        double[][] withAr = oneStep(autoregressive, series, holdoutFraction, threads);
        return ForecastTrainer.autoregressionBeats(alone[0], alone[1], withAr[1]) ? autoregressive : base;
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
