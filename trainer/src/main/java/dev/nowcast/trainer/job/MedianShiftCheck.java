package dev.nowcast.trainer.job;

import java.util.List;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.MedianShiftEvidence;
import dev.nowcast.model.train.TrainingResult;

/**
 * Each series' median shift ({@code medianShiftRate}) is kept where it lowers the one-step MAE on the trainer's
 * validation part and on the job's held-out part, each ({@link MedianShiftEvidence#kept}). The series run from their
 * first point, so the shift
 * has settled over the training part before the first point compared, as it has in serving. Over a last-value base
 * it is not tried: that base is chosen where nothing beat the last value, whose errors have no median to follow.
 */
final class MedianShiftCheck {
    private MedianShiftCheck() {
    }

    /**
     * {@code result} with the median shift where it wins, without it where it does not; either way with what the
     * check saw ({@link TrainingResult#medianShift}).
     *
     * @param series        the whole series, the holdout included
     * @param trainingParts the parts before the holdout, which the model was trained on
     */
    static TrainingResult check(TrainingResult result, List<Series> series, List<Series> trainingParts, int threads) {
        double rate = result.config().medianShiftRate();
        if (rate == 0 || result.pipeline().smoothing().naive()) {
            return result.withMedianShiftEvidence(MedianShiftEvidence.NONE);
        }
        int[] unseen = CorrectionCheck.starts(result, trainingParts, result.config().validationFraction());
        int[] holdout = trainingParts.stream().mapToInt(Series::size).toArray();
        TrainingResult shifted = result.withPipeline(result.pipeline().withMedianShiftRate(rate));
        double[][] without = CorrectionCheck.oneStep(result, series, unseen, holdout, threads);
        double[] with = CorrectionCheck.oneStep(shifted, series, unseen, threads)[1];
        MedianShiftEvidence evidence = MedianShiftEvidence.of(rate, without[0], without[1], with, without[2]);
        TrainingResult chosen = evidence.kept()
                ? ForecastTrainer.withIntervalsFor(result, trainingParts, shifted.pipeline()) : result;
        return chosen.withMedianShiftEvidence(evidence);
    }
}
