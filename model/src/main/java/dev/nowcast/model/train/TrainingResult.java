package dev.nowcast.model.train;

import dev.nowcast.model.feature.ErrorAutoregression;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.network.RecurrentNetwork;

import java.util.List;

/**
 * The outcome of {@link ForecastTrainer#train}: the best parameters found (by validation MAE), the calibrated
 * feature pipeline, and how training went.
 *
 * @param parameters        the best parameters (owned by the result; {@link #forecaster} copies them)
 * @param pipeline          the pipeline with its fitted scale floor, covariate statistics and calibration
 * @param epochs            epochs run
 * @param bestEpoch         the epoch whose parameters were kept (0 if cancelled before the first validation)
 * @param bestValidationMae their validation MAE (before calibration, which does not change the mean)
 * @param cancelled         true when training stopped because it was cancelled
 * @param history           per-epoch progress
 * @param dataFrom          first timestamp of the training data
 * @param dataTo            last timestamp of the training data
 * @param observations      points in the training data
 * @param smoothingChoice   the smoothing chosen on the training data and its one-step MAE there (null when
 *                          {@link TrainingConfig#smoothing()} is off)
 * @param persistence       whether each series carries its errors' persistence, and why not when it does not
 * @param autoregression    the error autoregression fitted on the training parts, whether or not the pipeline
 *                          carries it
 * @param autoregressionChoice whether the pipeline carries it, and why not when it does not: where it was not
 *                          checked, a later check on other held-out points may still take it
 * @param correction        what the validation part said about the network's correction, whether or not the
 *                          pipeline carries it ({@link CorrectionEvidence#NONE} when it was not checked)
 * @param valueAutoregressionEvidence what held-out points said about the value autoregression, whether or not the
 *                          pipeline carries it ({@link ValueAutoregressionEvidence#NONE} until the trainer job checks
 *                          it, and where it has nothing to check)
 * @param medianShift       what held-out points said about each series' median shift, whether or not the pipeline
 *                          carries it ({@link MedianShiftEvidence#NONE} until the trainer job checks it)
 */
public record TrainingResult(TrainingConfig config, RecurrentNetwork network, float[] parameters,
                             FeaturePipeline pipeline, int epochs, int bestEpoch, double bestValidationMae,
                             boolean cancelled, List<EpochProgress> history, long dataFrom, long dataTo,
                             long observations, SmoothingSearch.Choice smoothingChoice,
                             PersistenceChoice persistence, ErrorAutoregression autoregression,
                             AutoregressionChoice autoregressionChoice, CorrectionEvidence correction,
                             ValueAutoregressionEvidence valueAutoregressionEvidence,
                             MedianShiftEvidence medianShift) {
    /** The same training with another pipeline (e.g. another calibration). */
    public TrainingResult withPipeline(FeaturePipeline p) {
        return new TrainingResult(config, network, parameters, p, epochs, bestEpoch, bestValidationMae, cancelled,
                history, dataFrom, dataTo, observations, smoothingChoice, persistence, autoregression, autoregressionChoice,
                correction, valueAutoregressionEvidence, medianShift);
    }

    /** The same training with another pipeline and what became of the error autoregression in it. */
    public TrainingResult withAutoregression(FeaturePipeline p, AutoregressionChoice choice) {
        return new TrainingResult(config, network, parameters, p, epochs, bestEpoch, bestValidationMae, cancelled,
                history, dataFrom, dataTo, observations, smoothingChoice, persistence, autoregression, choice, correction,
                valueAutoregressionEvidence, medianShift);
    }

    /** The same training with what the held-out check said about the value autoregression. */
    public TrainingResult withValueAutoregressionEvidence(ValueAutoregressionEvidence evidence) {
        return new TrainingResult(config, network, parameters, pipeline, epochs, bestEpoch, bestValidationMae, cancelled,
                history, dataFrom, dataTo, observations, smoothingChoice, persistence, autoregression, autoregressionChoice,
                correction, evidence, medianShift);
    }

    /** The same training with what the held-out check said about the median shift. */
    public TrainingResult withMedianShiftEvidence(MedianShiftEvidence evidence) {
        return new TrainingResult(config, network, parameters, pipeline, epochs, bestEpoch, bestValidationMae, cancelled,
                history, dataFrom, dataTo, observations, smoothingChoice, persistence, autoregression, autoregressionChoice,
                correction, valueAutoregressionEvidence, evidence);
    }

    /** A forecaster for these weights, stamped with {@code version}, forecasting {@code config.horizon()} steps. */
    public Forecaster forecaster(long version) {
        return new Forecaster(version, network, parameters, pipeline, config.horizon(), config.warmupSteps(),
                config.maxGapMillis());
    }
}
